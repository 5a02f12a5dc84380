package io.authcloud.recovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backup key goes only to the owner of an open recovery, after a recent password sign-in, a few
 * times, and not after too many failed verifications. (bob and dave: verification-service's tests leave
 * alice with failed verifications on the shared topic.)
 */
@QuarkusTest
class KeyReleaseTest {

    private static final KafkaPublisher KAFKA = new KafkaPublisher();

    @Inject
    TestClock clock;

    @Inject
    OutboxRelay relay;

    @AfterAll
    static void closeKafka() {
        KAFKA.close();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void theOwnerGetsTheEscrowedKeyAfterAFreshSignIn() throws Exception {
        byte[] key = KeyEscrowTest.randomKey();
        String id = recoveryWithKey("bob", key);

        release(KeycloakTokens.signIn("bob"), id).then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("key", equalTo(Base64.getEncoder().encodeToString(key)))
                .body("keyId", equalTo("key-r"));
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertThat(log).contains(id).doesNotContain(Base64.getEncoder().encodeToString(key));
    }

    @Test
    void theFirstReleaseOfARecoveryIsToldOnceWithoutTheKey() throws Exception {
        byte[] key = KeyEscrowTest.randomKey();
        String id = recoveryWithKey("bob", key);
        String token = KeycloakTokens.signIn("bob");
        try (KafkaTap events = KafkaTap.open("recovery-events")) {
            release(token, id).then().statusCode(200);
            release(token, id).then().statusCode(200);
            relay.publishPending().await().atMost(Duration.ofSeconds(30));

            KafkaTap.Record released = events.await(r -> ("recoveries/" + id).equals(r.header("ce_subject"))
                    && r.ceType().endsWith("RecoveryKeyReleased"), Duration.ofSeconds(30));
            var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(released.value());
            java.util.Set<String> fields = new java.util.HashSet<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(io.authcloud.testing.EventCatalogue.load().fieldsOf(released.ceType()));
            assertThat(body.get("recoveryId").asText()).isEqualTo(id);
            assertThat(body.get("owner").asText()).isEqualTo(KeycloakTokens.subject("bob"));
            assertThat(body.get("keyId").asText()).isEqualTo("key-r");
            assertThat(released.key()).isEqualTo(KeycloakTokens.subject("bob"));
            assertThat(released.value()).doesNotContain(Base64.getEncoder().encodeToString(key));
            // A marker after the second release: had it emitted, its event would come before the marker's.
            String marker = recoveryWithKey("bob", KeyEscrowTest.randomKey());
            release(token, marker).then().statusCode(200);
            relay.publishPending().await().atMost(Duration.ofSeconds(30));
            events.await(r -> ("recoveries/" + marker).equals(r.header("ce_subject"))
                    && r.ceType().endsWith("RecoveryKeyReleased"), Duration.ofSeconds(30));
            assertThat(events.drain(Duration.ZERO)).filteredOn(r -> ("recoveries/" + id).equals(r.header("ce_subject"))
                    && r.ceType().endsWith("RecoveryKeyReleased")).hasSize(1);
        }
    }

    @Test
    void withoutARecentSignInTheAnswerIsTheStepUpChallenge() {
        String id = recoveryWithKey("bob", KeyEscrowTest.randomKey());
        release(KeycloakTokens.password("bob"), id).then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("insufficient_user_authentication"))
                .body("type", endsWith("/step-up-required"));
        String token = KeycloakTokens.signIn("bob");
        clock.advance(Duration.ofMinutes(6));
        release(token, id).then().statusCode(401);
    }

    @Test
    void theKeyIsReleasedAtMostFiveTimesPerRecovery() {
        String id = recoveryWithKey("bob", KeyEscrowTest.randomKey());
        String token = KeycloakTokens.signIn("bob");
        for (int i = 0; i < 5; i++) {
            release(token, id).then().statusCode(200);
        }
        release(token, id).then().statusCode(403).body("type", endsWith("/forbidden"));
        Recoveries.read("bob", id).then().body("keyReleases", equalTo(5));
    }

    @Test
    void tenFailedVerificationsInADayLockKeyRelease() {
        String id = recoveryWithKey("dave", KeyEscrowTest.randomKey());
        String token = KeycloakTokens.signIn("dave");
        for (int i = 0; i < 10; i++) {
            SagaEvents.verificationFailed(KAFKA, KeycloakTokens.subject("dave"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> release(token, id).statusCode() == 423);
        release(token, id).then().body("type", endsWith("/verification-locked"))
                .body("failedVerifications", org.hamcrest.Matchers.greaterThanOrEqualTo(10));

        clock.advance(Duration.ofHours(23));
        String fresh = KeycloakTokens.signIn("dave");
        clock.reset();
        release(fresh, id).then().statusCode(423);
    }

    @Test
    void aKeyThatWasNeverEscrowedIsNotFoundAndOthersGetNothing() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "bob", "icloud", account, "key-missing");
        String id = Recoveries.start("bob", "icloud", account, "phone-" + UUID.randomUUID(), 0).then().statusCode(201)
                .extract().path("id");
        release(KeycloakTokens.signIn("bob"), id).then().statusCode(404).body("keyId", equalTo("key-missing"));
        release(KeycloakTokens.signIn("alice"), id).then().statusCode(404).body("detail", containsString("no recovery"));
    }

    @Test
    void aClosedRecoveryReleasesNothing() {
        String id = recoveryWithKey("bob", KeyEscrowTest.randomKey());
        Recoveries.declare("bob", id, java.util.List.of()).then().body("status", equalTo("COMPLETED"));
        release(KeycloakTokens.signIn("bob"), id).then().statusCode(409).body("type", endsWith("/recovery-closed"));
    }

    private static String recoveryWithKey(String user, byte[] key) {
        String account = Backups.freshAccount();
        KeyEscrowTest.escrow(user, account, "key-r", key).then().statusCode(201);
        Backups.stored(KAFKA, user, "icloud", account, "key-r");
        return Recoveries.start(user, "icloud", account, "phone-" + UUID.randomUUID(), 0).then().statusCode(201)
                .extract().path("id");
    }

    private static Response release(String token, String id) {
        return given().auth().oauth2(token).get("/v1/recoveries/" + id + "/key");
    }
}
