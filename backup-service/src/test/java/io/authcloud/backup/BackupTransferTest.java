package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * backup-service's side of a transfer over the real broker: the request (a recent sign-in, the source live, the
 * target free), its event for recovery-service, and the copy once recovery-service says the key was copied
 * (RecoveryKeyCopied): the same bytes at the target, once, or a failure that recovery-service can undo.
 */
@QuarkusTest
class BackupTransferTest extends BackupTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();

    @Inject
    OutboxRelay relay;

    @Test
    void aTransferCopiesTheVersionOnceAfterTheKeyWasCopiedAndNeverOverwritesABackup() throws Exception {
        String account = freshStorageAccount();
        String target = "drive-" + account;
        byte[] ciphertext = randomCiphertext(300);
        create("alice", account, ciphertext).then().statusCode(201);
        Map<String, Object> body = Map.of("targetProvider", "google-drive", "targetStorageAccount", target, "deviceId", "pixel-1");

        // A password alone (no recent interactive sign-in) moves nothing; nor does another person.
        as("alice").contentType("application/json").body(body).post(path("icloud", account) + "/transfers")
                .then().statusCode(401).body("type", endsWith("/step-up-required"));
        fresh("bob").body(body).post(path("icloud", account) + "/transfers")
                .then().statusCode(404).body("type", endsWith("/backup-not-found"));
        fresh("alice").body(Map.of("targetProvider", "icloud", "targetStorageAccount", account, "deviceId", "pixel-1"))
                .post(path("icloud", account) + "/transfers")
                .then().statusCode(400).body("errors[0].field", equalTo("targetStorageAccount"));

        String id;
        try (KafkaTap tap = KafkaTap.open("backup-events")) {
            JsonPath asked = fresh("alice").body(body).post(path("icloud", account) + "/transfers")
                    .then().statusCode(201)
                    .extract().jsonPath();
            id = asked.getString("id");
            assertThat(asked.getString("state")).isEqualTo("SECOND_FACTOR_REQUIRED");
            assertThat(asked.getInt("source.version")).isEqualTo(1);
            assertThat(asked.getString("source.keyId")).isEqualTo("key-1");
            assertThat(asked.getString("target.provider")).isEqualTo("google-drive");
            assertThat(asked.getMap("secondFactor")).isEqualTo(Map.of("purpose", "transfer", "transferId", id, "deviceId", "pixel-1"));
            // The same request again answers the open transfer.
            fresh("alice").body(body).post(path("icloud", account) + "/transfers")
                    .then().statusCode(200).body("id", equalTo(id));
            as("bob").get(path("icloud", account) + "/transfers/" + id).then().statusCode(404);

            relay.publishPending().await().atMost(WAIT);
            KafkaTap.Record requested = tap.await(r -> "io.authcloud.backup.BackupTransferRequested".equals(r.ceType())
                    && r.value().contains(id), WAIT);
            assertThat(requested.key()).isEqualTo(KeycloakTokens.subject("alice"));
            assertThat(requested.value()).contains("\"keyId\":\"key-1\"").contains("\"deviceId\":\"pixel-1\"")
                    .doesNotContain(Base64.getEncoder().encodeToString(ciphertext).substring(0, 40));

            // A RecoveryKeyCopied that names alice's transfer as bob's changes nothing.
            keyCopied(id, "bob");
            Thread.sleep(2000);
            as("alice").get(path("icloud", account) + "/transfers/" + id).then().body("state", equalTo("SECOND_FACTOR_REQUIRED"));

            keyCopied(id, "alice");
            awaitState("alice", account, id, "COMPLETED");
            keyCopied(id, "alice"); // the saga's step again (a redelivery under another id): nothing more
            relay.publishPending().await().atMost(WAIT);
            List<KafkaTap.Record> copied = tap.awaitCount(r -> ("backups/google-drive/" + target).equals(r.header("ce_subject")), 1, WAIT);
            assertThat(copied).extracting(KafkaTap.Record::ceType).containsExactly("io.authcloud.backup.BackupStored");
            tap.await(r -> "io.authcloud.backup.BackupTransferred".equals(r.ceType()) && r.value().contains(id), WAIT);
            assertThat(tap.drain(Duration.ofSeconds(2))).as("one copy, whatever came again")
                    .filteredOn(r -> ("backups/google-drive/" + target).equals(r.header("ce_subject"))).hasSize(1);
        }
        JsonPath done = as("alice").get(path("icloud", account) + "/transfers/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(done.getInt("target.version")).isEqualTo(1);
        assertThat(done.getString("completedAt")).isNotNull();
        JsonPath moved = as("alice").get(path("google-drive", target)).then().statusCode(200).extract().jsonPath();
        assertThat(Base64.getDecoder().decode(moved.getString("ciphertext"))).isEqualTo(ciphertext);
        assertThat(moved.getString("platform")).isEqualTo("android");
        assertThat(moved.getString("keyId")).isEqualTo("key-1");
        assertThat(moved.getInt("version")).isEqualTo(1);
        as("alice").get(path("google-drive", target) + "/versions").then().body("versions.size()", equalTo(1));
        // The source stays.
        as("alice").get(path("icloud", account)).then().statusCode(200);

        // A live backup at the target: refused when asked, and a failure when it appears before the copy.
        fresh("alice").body(body).post(path("icloud", account) + "/transfers")
                .then().statusCode(409).body("type", endsWith("/transfer-target-in-use"));
        String later = "drive2-" + account;
        String second = fresh("alice").body(Map.of("targetProvider", "google-drive", "targetStorageAccount", later,
                        "deviceId", "pixel-1")).post(path("icloud", account) + "/transfers")
                .then().statusCode(201).extract().path("id");
        as("alice").contentType("application/json").header("If-None-Match", "*")
                .body(BackupApi.body(randomCiphertext(50), "android")).put(path("google-drive", later)).then().statusCode(201);
        try (KafkaTap tap = KafkaTap.open("backup-events")) {
            keyCopied(second, "alice");
            awaitState("alice", account, second, "FAILED");
            as("alice").get(path("icloud", account) + "/transfers/" + second).then().body("failure", equalTo("target-in-use"));
            relay.publishPending().await().atMost(WAIT);
            KafkaTap.Record failed = tap.await(r -> "io.authcloud.backup.BackupTransferFailed".equals(r.ceType())
                    && r.value().contains(second), WAIT);
            assertThat(failed.value()).contains("\"reason\":\"target-in-use\"");
        }
        as("alice").get(path("google-drive", later) + "/versions").then().body("versions.size()", equalTo(1));
    }

    @Test
    void aNewerRequestReplacesTheOpenOneAndAKeyCopyFailureFailsTheTransfer() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(40)).then().statusCode(201);
        String first = fresh("alice").body(Map.of("targetProvider", "google-drive", "targetStorageAccount", "a-" + account,
                "deviceId", "pixel-1")).post(path("icloud", account) + "/transfers").then().statusCode(201).extract().path("id");
        String second = fresh("alice").body(Map.of("targetProvider", "google-drive", "targetStorageAccount", "b-" + account,
                "deviceId", "pixel-1")).post(path("icloud", account) + "/transfers").then().statusCode(201).extract().path("id");
        as("alice").get(path("icloud", account) + "/transfers/" + first).then().body("state", equalTo("REPLACED"));

        // The replaced transfer's key copy arrives after all: it fails, so recovery-service takes the key back.
        keyCopied(first, "alice");
        awaitState("alice", account, first, "FAILED");
        as("alice").get(path("icloud", account) + "/transfers/" + first).then().body("failure", equalTo("replaced"));
        as("alice").get(path("google-drive", "a-" + account)).then().statusCode(404);

        KAFKA.publish("recovery-events", KeycloakTokens.subject("alice"), "io.authcloud.recovery.RecoveryKeyCopyFailed",
                "/authcloud/recovery-service", "recovery-keys/icloud/" + account + "/transfers/" + second,
                "{\"transferId\":\"" + second + "\",\"owner\":\"" + KeycloakTokens.subject("alice")
                        + "\",\"reason\":\"key-not-escrowed\"}");
        awaitState("alice", account, second, "FAILED");
        as("alice").get(path("icloud", account) + "/transfers/" + second).then().body("failure", equalTo("key-not-escrowed"));
        as("alice").get(path("google-drive", "b-" + account)).then().statusCode(404);
    }

    private static RequestSpecification fresh(String user) {
        return given().auth().oauth2(KeycloakTokens.signIn(user)).contentType("application/json");
    }

    private static void keyCopied(String transferId, String user) {
        String owner = KeycloakTokens.subject(user);
        KAFKA.publish("recovery-events", owner, "io.authcloud.recovery.RecoveryKeyCopied", "/authcloud/recovery-service",
                "recovery-keys/transfers/" + transferId, "{\"transferId\":\"" + transferId + "\",\"owner\":\"" + owner
                        + "\",\"keyId\":\"key-1\",\"created\":true}");
    }

    private static void awaitState(String user, String account, String id, String state) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as(user).get(path("icloud", account) + "/transfers/" + id).then().statusCode(200).body("state", equalTo(state)));
    }
}
