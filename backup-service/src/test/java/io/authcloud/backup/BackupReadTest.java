package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BackupReadTest extends BackupTestBase {

    @Test
    void readsTheCiphertextExactlyAsWrittenWithItsEtagAndMetadata() {
        String account = freshStorageAccount();
        byte[] ciphertext = randomCiphertext(4096);
        create("alice", account, ciphertext).then().statusCode(201);
        as("alice").get(path("icloud", account)).then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .header("Cache-Control", "private, no-store")
                .body("ciphertext", equalTo(Base64.getEncoder().encodeToString(ciphertext)))
                .body("provider", equalTo("icloud"))
                .body("storageAccount", equalTo(account))
                .body("platform", equalTo("ios"))
                .body("keyId", equalTo("key-1"))
                .body("formatVersion", equalTo(1))
                .body("deviceId", equalTo("phone-a"))
                .body("accountCount", equalTo(4))
                .body("sizeBytes", equalTo(4096));
    }

    @Test
    void answers304WhenTheAppAlreadyHoldsTheCurrentVersion() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        as("alice").header("If-None-Match", "\"1\"").get(path("icloud", account)).then()
                .statusCode(304).header("ETag", "\"1\"").body(emptyString());
        as("alice").header("If-None-Match", "\"7\"").get(path("icloud", account)).then().statusCode(200);
    }

    @Test
    void answersBackupNotFoundWithWhatToCheck() {
        as("alice").get(path("icloud", freshStorageAccount())).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", endsWith("/backup-not-found"))
                .body("title", equalTo("No backup found"))
                .body("status", equalTo(404))
                .body("detail", org.hamcrest.Matchers.containsString("same recovery account"));
    }

    @Test
    void listsTheCallersBackupsWithWhatWillBeRestored() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(100)).then().statusCode(201);
        JsonPath list = as("alice").get("/v1/backups").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> mine = list.getList("backups.findAll { it.storageAccount == '" + account + "' }");
        assertThat(mine).hasSize(1);
        Map<String, Object> backup = mine.get(0);
        assertThat(backup).containsEntry("provider", "icloud")
                .containsEntry("platform", "ios")
                .containsEntry("version", 1)
                .containsEntry("sizeBytes", 100)
                .containsEntry("accountCount", 4)
                .containsEntry("deviceId", "phone-a")
                .containsEntry("deleted", false)
                .containsKey("updatedAt");
        assertThat(backup).doesNotContainKey("ciphertext");
    }

    @Test
    void listsNothingOfAnotherPerson() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(100)).then().statusCode(201);
        List<String> bobs = as("bob").get("/v1/backups").then().statusCode(200)
                .extract().jsonPath().getList("backups.storageAccount");
        assertThat(bobs).doesNotContain(account);
    }
}
