package io.authcloud.verification;

import static io.authcloud.verification.VerificationApi.startKeyRelease;
import static io.authcloud.verification.VerificationApi.submit;
import static io.authcloud.verification.VerificationApi.wrong;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.verification.domain.Verification;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The second factor of a recovery before its backup key is released: a verification with purpose
 * {@code key-release} names the recovery and no account, and its code is sent, limited and locked like any.
 */
@QuarkusTest
class KeyReleaseVerificationTest extends VerificationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "io.authcloud.verification.";

    @Test
    void aKeyReleaseNamesItsRecoveryAndNoAccount() {
        String recoveryId = UUID.randomUUID().toString();
        String id = startKeyRelease(KeycloakTokens.signIn("alice"), recoveryId).then()
                .statusCode(201)
                .body("purpose", equalTo("key-release"))
                .body("recoveryId", equalTo(recoveryId))
                .body("accountRef", nullValue())
                .body("status", equalTo("PENDING"))
                .body("channel", equalTo("email"))
                .body("destination", equalTo("a***e@example.test"))
                .body("attemptsLeft", equalTo(5))
                .body("sendsLeft", equalTo(4))
                .extract().path("id");
        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/verifications/" + id).then()
                .statusCode(200)
                .body("purpose", equalTo("key-release"))
                .body("recoveryId", equalTo(recoveryId))
                .body("accountRef", nullValue());
    }

    @Test
    void theRightCodeVerifiesAKeyReleaseAndItsEventsSayKeyReleaseWithoutAnAccount() throws Exception {
        String recoveryId = UUID.randomUUID().toString();
        try (CodeInbox inbox = new CodeInbox(relay); KafkaTap events = KafkaTap.open("verification-events")) {
            String id = startKeyRelease(KeycloakTokens.signIn("alice"), recoveryId).then().statusCode(201)
                    .extract().path("id");
            submit("alice", id, inbox.code(id)).then().statusCode(200)
                    .body("status", equalTo("VERIFIED"))
                    .body("purpose", equalTo("key-release"))
                    .body("accountRef", nullValue());

            List<KafkaTap.Record> emitted = eventsOf(events, id, 2);
            assertThat(emitted).extracting(KafkaTap.Record::ceType)
                    .containsExactly(PREFIX + "VerificationStarted", PREFIX + "VerificationSucceeded");
            for (KafkaTap.Record event : emitted) {
                assertKeyRelease(event, recoveryId);
            }
            JsonNode succeeded = JSON.readTree(emitted.get(1).value());
            assertThat(succeeded.get("owner").asText()).isEqualTo(KeycloakTokens.subject("alice"));
            assertThat(succeeded.get("method").asText()).isEqualTo("email");
            assertThat(succeeded.get("tenant").isNull()).isTrue();
        }
    }

    @Test
    void aKeyReleaseCodeDeliverySaysItIsAKeyReleaseForThatDevice() {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startKeyRelease(KeycloakTokens.signIn("alice"), UUID.randomUUID().toString()).then()
                    .statusCode(201).extract().path("id");
            KafkaTap.Record request = inbox.requests(id, 1).get(0);

            JsonNode delivery = CodeInbox.decrypt(request, NotificationKeys.privateKey());
            assertThat(delivery.get("verificationId").asText()).isEqualTo(id);
            assertThat(delivery.get("purpose").asText()).isEqualTo("key-release");
            assertThat(delivery.get("deviceId").asText()).isEqualTo("phone-b");
            assertThat(delivery.get("code").asText()).matches("\\d{6}");
        }
    }

    @Test
    void fiveWrongKeyReleaseCodesLockItLikeAnyVerification() throws Exception {
        KeycloakPeople.Person person = KeycloakPeople.create("key-release-lock");
        String recoveryId = UUID.randomUUID().toString();
        try (CodeInbox inbox = new CodeInbox(relay); KafkaTap events = KafkaTap.open("verification-events")) {
            String id = startKeyRelease(KeycloakTokens.signIn(person.username()), recoveryId).then().statusCode(201)
                    .extract().path("id");
            String code = inbox.code(id);
            for (int left = 4; left >= 1; left--) {
                submit(person.username(), id, wrong(code)).then()
                        .statusCode(422).body("type", endsWith("/code-invalid")).body("attemptsLeft", equalTo(left));
            }
            submit(person.username(), id, wrong(code)).then().statusCode(423).body("type", endsWith("/verification-locked"));
            submit(person.username(), id, code).then().statusCode(423);

            List<KafkaTap.Record> emitted = eventsOf(events, id, 7);
            assertThat(emitted).extracting(KafkaTap.Record::ceType)
                    .filteredOn(type -> type.endsWith("VerificationFailed")).hasSize(5);
            assertThat(emitted.get(6).ceType()).isEqualTo(PREFIX + "VerificationLocked");
            for (KafkaTap.Record event : emitted) {
                assertKeyRelease(event, recoveryId);
            }
        }
    }

    @Test
    void aWrongKeyReleaseCodeCountsAgainstThePersonsHourlyLimit() {
        KeycloakPeople.Person person = KeycloakPeople.create("key-release-limit");
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startKeyRelease(KeycloakTokens.signIn(person.username()), UUID.randomUUID().toString())
                    .then().statusCode(201).extract().path("id");
            String failures = "verification:failures:" + person.sub() + ":" + clock.instant().getEpochSecond() / 3600;

            submit(person.username(), id, wrong(inbox.code(id))).then().statusCode(422);
            assertThat(redis.value(Long.class).get(failures)).isEqualTo(1L);

            redis.value(Long.class).set(failures, 100L);
            submit(person.username(), id, wrong(inbox.code(id))).then().statusCode(429).body("type", endsWith("/rate-limited"));
            given().auth().oauth2(KeycloakTokens.password(person.username())).get("/v1/verifications/" + id).then()
                    .body("attemptsLeft", equalTo(4));
        }
    }

    @Test
    void aKeyReleaseCodeIsResentLikeAnyOther() {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startKeyRelease(KeycloakTokens.signIn("alice"), UUID.randomUUID().toString()).then()
                    .statusCode(201).extract().path("id");
            clock.advance(Duration.ofSeconds(20));
            VerificationApi.resend("alice", id).then().statusCode(429);
            clock.advance(Duration.ofSeconds(41));
            VerificationApi.resend("alice", id).then().statusCode(200)
                    .body("purpose", equalTo("key-release")).body("sendsLeft", equalTo(3));
            submit("alice", id, inbox.code(id, 2)).then().statusCode(200).body("status", equalTo("VERIFIED"));
        }
    }

    @Test
    void anExpiredKeyReleaseSaysKeyReleaseWithoutAnAccount() throws Exception {
        String recoveryId = UUID.randomUUID().toString();
        try (KafkaTap events = KafkaTap.open("verification-events")) {
            String id = startKeyRelease(KeycloakTokens.signIn("alice"), recoveryId).then().statusCode(201)
                    .extract().path("id");
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            submit("alice", id, "123456").then().statusCode(410);

            List<KafkaTap.Record> emitted = eventsOf(events, id, 2);
            assertThat(emitted.get(1).ceType()).isEqualTo(PREFIX + "VerificationExpired");
            assertKeyRelease(emitted.get(1), recoveryId);
        }
    }

    @Test
    void aRecoveryIdThatIsNoUuidIsRefusedWithWhatItMustBe() {
        Map<String, Object> body = new HashMap<>(VerificationApi.keyReleaseBody("unused"));
        body.put("recoveryId", "not-a-uuid");
        start(body).then()
                .statusCode(400)
                .body("type", endsWith("/invalid-request"))
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("recoveryId"))
                .body("errors[0].message", org.hamcrest.Matchers.startsWith("must be a UUID"));
    }

    @Test
    void aKeyReleaseWithoutARecoveryIsRefusedOnRecoveryId() {
        Map<String, Object> body = new HashMap<>(VerificationApi.keyReleaseBody("unused"));
        body.remove("recoveryId");
        start(body).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-request"))
                .body("errors.field", contains("recoveryId"));
    }

    @Test
    void aKeyReleaseThatNamesAnAccountIsRefusedOnAccountRefAndNothingStarts() throws Throwable {
        String recoveryId = UUID.randomUUID().toString();
        Map<String, Object> body = new HashMap<>(VerificationApi.keyReleaseBody(recoveryId));
        body.put("accountRef", "personal");
        start(body).then()
                .statusCode(400)
                .body("type", endsWith("/invalid-request"))
                .body("errors.field", contains("accountRef"))
                .body("errors[0].message", equalTo(
                        "must not be given for a key-release verification: it proves the recovery, not an account"));
        Long stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> Verification.count("recoveryId", UUID.fromString(recoveryId))));
        assertThat(stored).isZero();
    }

    @Test
    void anUnknownPurposeIsRefusedOnPurpose() {
        Map<String, Object> body = new HashMap<>(VerificationApi.startBody("email"));
        body.put("purpose", "unlock-everything");
        start(body).then()
                .statusCode(400)
                .body("type", endsWith("/invalid-request"))
                .body("errors.field", contains("purpose"));
    }

    @Test
    void anAccountVerificationWithoutAnAccountIsRefusedOnAccountRef() {
        Map<String, Object> body = new HashMap<>(VerificationApi.startBody("email"));
        body.remove("accountRef");
        start(body).then().statusCode(400).body("errors.field", contains("accountRef"));
        body.put("purpose", "account");
        start(body).then().statusCode(400).body("errors.field", contains("accountRef"));
    }

    private static Response start(Map<String, Object> body) {
        return given().auth().oauth2(KeycloakTokens.signIn("alice")).contentType("application/json").body(body)
                .post("/v1/verifications");
    }

    private List<KafkaTap.Record> eventsOf(KafkaTap events, String verificationId, int count) {
        relay.publishPending().await().atMost(CodeInbox.WAIT);
        return events.awaitCount(r -> ("verifications/" + verificationId).equals(r.header("ce_subject")), count,
                CodeInbox.WAIT);
    }

    /** A key-release event names the recovery, no account, and has exactly the catalogue's fields. */
    private static void assertKeyRelease(KafkaTap.Record event, String recoveryId) throws Exception {
        JsonNode body = JSON.readTree(event.value());
        Set<String> fields = new java.util.HashSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(event.ceType()).isEqualTo(EventCatalogue.load().fieldsOf(event.ceType()));
        assertThat(body.get("purpose").asText()).as(event.ceType()).isEqualTo("key-release");
        assertThat(body.get("recoveryId").asText()).as(event.ceType()).isEqualTo(recoveryId);
        assertThat(body.get("accountRef").isNull()).as(event.ceType()).isTrue();
    }
}
