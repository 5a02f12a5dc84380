package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.iosBody;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static io.authcloud.backup.BackupApi.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BackupWriteTest extends BackupTestBase {

    @Test
    void createsWithIfNoneMatchStarAndAnswersTheFirstVersion() throws Exception {
        String account = freshStorageAccount();
        byte[] ciphertext = randomCiphertext(2048);
        create("alice", account, ciphertext).then()
                .statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", endsWith(path("icloud", account)))
                .body("version", equalTo(1))
                .body("etag", equalTo("\"1\""))
                .body("sizeBytes", equalTo(2048))
                .body("sha256", equalTo(HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(ciphertext))));
    }

    @Test
    void replacesWithTheCurrentEtagAndAnswersTheNextVersion() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        byte[] second = randomCiphertext(80);
        replace("alice", account, "\"1\"", iosBody(second)).then()
                .statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2));
        as("alice").get(path("icloud", account)).then().statusCode(200)
                .body("ciphertext", equalTo(Base64.getEncoder().encodeToString(second)));
    }

    @Test
    void refusesAWriteWithoutPreconditionOnAnExistingBackupWith428() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        as("alice").contentType("application/json").body(iosBody(randomCiphertext(64)))
                .put(path("icloud", account)).then()
                .statusCode(428)
                .contentType("application/problem+json")
                .body("type", endsWith("/precondition-required"))
                .body("detail", containsString("If-Match"));
        as("alice").get(path("icloud", account)).then().header("ETag", "\"1\"");
    }

    @Test
    void refusesACreateWithoutPreconditionWith428() {
        String account = freshStorageAccount();
        as("alice").contentType("application/json").body(iosBody(randomCiphertext(64)))
                .put(path("icloud", account)).then()
                .statusCode(428).body("type", endsWith("/precondition-required"))
                .body("detail", containsString("If-None-Match: *"));
        as("alice").get(path("icloud", account)).then().statusCode(404);
    }

    @Test
    void refusesAStaleEtagWith412NamingTheCurrentVersion() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        replace("alice", account, "\"1\"", iosBody(randomCiphertext(64))).then().statusCode(200);
        replace("alice", account, "\"1\"", iosBody(randomCiphertext(64))).then()
                .statusCode(412)
                .body("type", endsWith("/version-conflict"))
                .body("currentVersion", equalTo(2))
                .body("currentEtag", equalTo("\"2\""));
        as("alice").get(path("icloud", account)).then().header("ETag", "\"2\"");
    }

    @Test
    void aWellFormedTagThatNamesNoVersionIsAFailedPreconditionNotABadRequest() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        for (String tag : new String[] {"\"stale-0\"", "\"9999999999\"", "\"\"", "\"a,b\", W/\"1\""}) {
            replace("alice", account, tag, iosBody(randomCiphertext(64))).then()
                    .statusCode(412).body("type", endsWith("/version-conflict")).body("currentVersion", equalTo(1));
        }
        // A list that names the current version among foreign tags still matches.
        replace("alice", account, "\"stale-0\", \"1\"", iosBody(randomCiphertext(64))).then().statusCode(200);
    }

    @Test
    void refusesACreateOverAnExistingBackupWith412() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        create("alice", account, randomCiphertext(64)).then()
                .statusCode(412).body("type", endsWith("/version-conflict")).body("currentVersion", equalTo(1));
    }

    @Test
    void refusesIfMatchWhenThereIsNoBackupWith412() {
        replace("alice", freshStorageAccount(), "\"1\"", iosBody(randomCiphertext(64))).then()
                .statusCode(412).body("type", endsWith("/version-conflict")).body("currentVersion", nullValue());
    }

    @Test
    void refusesCiphertextOverOneMebibyteWith413AndStoresNothing() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(1024 * 1024 + 1)).then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", endsWith("/payload-too-large"))
                .body("maxBytes", equalTo(1024 * 1024));
        as("alice").get(path("icloud", account)).then().statusCode(404);
    }

    @Test
    void acceptsCiphertextOfExactlyOneMebibyte() {
        create("alice", freshStorageAccount(), randomCiphertext(1024 * 1024)).then()
                .statusCode(201).body("sizeBytes", equalTo(1024 * 1024));
    }

    @Test
    void refusesMalformedFieldsWith400ListingEachField() {
        String account = freshStorageAccount();
        Map<String, Object> body = iosBody(randomCiphertext(16));
        body.put("keyId", "");
        body.put("formatVersion", 0);
        body.remove("deviceId");
        as("alice").contentType("application/json").header("If-None-Match", "*").body(body)
                .put(path("icloud", account)).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-request"))
                .body("errors.field", hasItem("keyId"))
                .body("errors.field", hasItem("formatVersion"))
                .body("errors.field", hasItem("deviceId"));
        as("alice").get(path("icloud", account)).then().statusCode(404);
    }

    @Test
    void refusesCiphertextThatIsNotBase64() {
        Map<String, Object> body = iosBody(randomCiphertext(16));
        body.put("ciphertext", "not base64 at all!");
        as("alice").contentType("application/json").header("If-None-Match", "*").body(body)
                .put(path("icloud", freshStorageAccount())).then()
                .statusCode(400).body("errors[0].field", equalTo("ciphertext"));
    }

    @Test
    void refusesAPlatformThatDoesNotMatchTheProvider() {
        as("alice").contentType("application/json").header("If-None-Match", "*")
                .body(BackupApi.body(randomCiphertext(16), "android"))
                .put(path("icloud", freshStorageAccount())).then()
                .statusCode(400).body("errors[0].field", equalTo("platform"))
                .body("detail", containsString("never move between platforms"));
    }

    @Test
    void refusesAnUnknownPlatformValue() {
        as("alice").contentType("application/json").header("If-None-Match", "*")
                .body(BackupApi.body(randomCiphertext(16), "windows-phone"))
                .put(path("icloud", freshStorageAccount())).then()
                .statusCode(400).body("type", endsWith("/invalid-request"))
                .body("errors[0].field", equalTo("platform"));
    }

    @Test
    void refusesAnUnknownProviderAndABadStorageAccount() {
        as("alice").contentType("application/json").header("If-None-Match", "*")
                .body(iosBody(randomCiphertext(16)))
                .put("/v1/backups/dropbox/has%20space").then()
                .statusCode(400)
                .body("errors.field", hasItem("provider"))
                .body("errors.field", hasItem("storageAccount"));
        as("alice").get(path("icloud", "x".repeat(129))).then().statusCode(400)
                .body("errors[0].field", equalTo("storageAccount"));
    }

    @Test
    void refusesABodyThatIsNotJson() {
        as("alice").contentType("application/json").header("If-None-Match", "*").body("{\"ciphertext\": ")
                .put(path("icloud", freshStorageAccount())).then()
                .statusCode(400).contentType("application/problem+json").body("type", endsWith("/invalid-request"));
    }

    @Test
    void refusesAFieldOfTheWrongType() {
        Map<String, Object> body = iosBody(randomCiphertext(16));
        body.put("formatVersion", "one");
        as("alice").contentType("application/json").header("If-None-Match", "*").body(body)
                .put(path("icloud", freshStorageAccount())).then()
                .statusCode(400).body("errors[0].field", equalTo("formatVersion"));
    }

    @Test
    void refusesAMissingBody() {
        as("alice").contentType("application/json").header("If-None-Match", "*")
                .put(path("icloud", freshStorageAccount())).then()
                .statusCode(400).body("type", endsWith("/invalid-request"));
    }

    @Test
    void refusesMalformedPreconditions() {
        String account = freshStorageAccount();
        as("alice").contentType("application/json").header("If-Match", "version-one")
                .body(iosBody(randomCiphertext(16))).put(path("icloud", account)).then()
                .statusCode(400).body("errors[0].field", equalTo("If-Match"));
        as("alice").contentType("application/json").header("If-Match", "\"1\" \"2\"")
                .body(iosBody(randomCiphertext(16))).put(path("icloud", account)).then()
                .statusCode(400).body("errors[0].field", equalTo("If-Match"));
        as("alice").contentType("application/json").header("If-None-Match", "\"1\"")
                .body(iosBody(randomCiphertext(16))).put(path("icloud", account)).then()
                .statusCode(400).body("errors[0].field", equalTo("If-None-Match"));
        as("alice").contentType("application/json").header("If-None-Match", "*").header("If-Match", "\"1\"")
                .body(iosBody(randomCiphertext(16))).put(path("icloud", account)).then()
                .statusCode(400);
        create("alice", account, randomCiphertext(16)).then().statusCode(201);
        as("alice").header("If-None-Match", "\"99999999999\", \"abc\"").get(path("icloud", account)).then()
                .statusCode(200); // tags that name no version of ours simply do not match
    }

    @Test
    void neverWritesCiphertextToTheLog() throws Exception {
        String account = freshStorageAccount();
        byte[] ciphertext = randomCiphertext(512);
        create("alice", account, ciphertext).then().statusCode(201);
        replace("alice", account, "\"1\"", iosBody(ciphertext)).then().statusCode(200);
        as("alice").get(path("icloud", account)).then().statusCode(200);

        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target/quarkus-test.log"));
        assertThat(log).contains(account);
        String base64 = Base64.getEncoder().encodeToString(ciphertext);
        assertThat(log).doesNotContain(base64.substring(0, 40));
        assertThat(log).doesNotContain(HexFormat.of().formatHex(ciphertext).substring(0, 40));
    }

    @Test
    void storesAGoogleDriveBackupFromAnAndroidPhone() {
        String account = freshStorageAccount();
        as("alice").contentType("application/json").header("If-None-Match", "*")
                .body(BackupApi.body(randomCiphertext(32), "android"))
                .put(path("google-drive", account)).then().statusCode(201);
        String platform = as("alice").get(path("google-drive", account)).then().statusCode(200)
                .extract().path("platform");
        assertThat(platform).isEqualTo("android");
    }
}
