package io.authcloud.verification;

import static io.authcloud.verification.VerificationApi.startOk;
import static io.authcloud.verification.VerificationApi.submit;
import static io.authcloud.verification.VerificationApi.wrong;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.Race;
import io.authcloud.verification.domain.OneTimeCodes;
import io.authcloud.verification.domain.VerificationService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OtpVerificationTest extends VerificationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    VerificationService verifications;

    @Inject
    OneTimeCodes oneTimeCodes;

    @Test
    void startsWithTheMaskedEmailExpiryAndResendTime() {
        Instant before = clock.instant();
        var started = VerificationApi.start(KeycloakTokens.signIn("alice"), "email").then()
                .statusCode(201)
                .body("purpose", equalTo("account"))
                .body("status", equalTo("PENDING"))
                .body("channel", equalTo("email"))
                .body("destination", equalTo("a***e@example.test"))
                .body("attemptsLeft", equalTo(5))
                .body("sendsLeft", equalTo(4))
                .extract().jsonPath();
        Instant expires = Instant.parse(started.getString("expiresAt"));
        Instant resendAt = Instant.parse(started.getString("resendAvailableAt"));
        assertThat(expires).isBetween(before.plus(Duration.ofMinutes(10)), before.plus(Duration.ofMinutes(10)).plusSeconds(10));
        assertThat(resendAt).isBetween(before.plusSeconds(60), before.plusSeconds(70));
    }

    @Test
    void sendsBySmsToTheMaskedPhoneNumber() {
        VerificationApi.start(KeycloakTokens.signIn("alice"), "sms").then()
                .statusCode(201).body("destination", equalTo("+1 *** *** **01"));
    }

    @Test
    void aVerifiedEmailStillReceivesTheCode() {
        String token = KeycloakTokens.signIn("alice");
        assertThat(KeycloakTokens.claims(token).get("email_verified").asBoolean())
                .as("the demo users' email addresses are verified").isTrue();
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = VerificationApi.start(token, "email").then()
                    .statusCode(201).body("channel", equalTo("email")).body("destination", equalTo("a***e@example.test"))
                    .extract().path("id");
            assertThat(CodeInbox.decrypt(inbox.requests(id, 1).get(0), NotificationKeys.privateKey())
                    .get("destination").asText()).isEqualTo("alice@example.test");
            submit("alice", id, inbox.code(id)).then().statusCode(200).body("status", equalTo("VERIFIED"));
        }
    }

    @Test
    void aTokenWithoutAPhoneNumberGets422ForSms() {
        VerificationApi.start(KeycloakTokens.signIn("dave"), "sms").then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/destination-unavailable"))
                .body("detail", org.hamcrest.Matchers.containsString("phone number"));
    }

    @Test
    void aFirstPhoneEnrolsAnAccountWithoutARecovery() {
        given().auth().oauth2(KeycloakTokens.signIn("alice")).contentType("application/json")
                .body(java.util.Map.of("accountRef", "personal", "deviceId", "phone-a", "channel", "email"))
                .post("/v1/verifications").then()
                .statusCode(201).body("recoveryId", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void refusesMalformedInputWith400() {
        given().auth().oauth2(KeycloakTokens.signIn("alice")).contentType("application/json")
                .body(java.util.Map.of("recoveryId", "not-a-uuid", "accountRef", "a", "deviceId", "d", "channel", "email"))
                .post("/v1/verifications").then()
                .statusCode(400).body("type", endsWith("/invalid-request"))
                .body("errors.field", org.hamcrest.Matchers.hasItem("recoveryId"));
        given().auth().oauth2(KeycloakTokens.signIn("alice")).contentType("application/json")
                .body(java.util.Map.of("recoveryId", java.util.UUID.randomUUID().toString(), "accountRef", "a",
                        "deviceId", "d", "channel", "pigeon"))
                .post("/v1/verifications").then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("channel"));
    }

    @Test
    void theRightCodeVerifiesOnceAndEmitsVerificationSucceeded() throws Exception {
        try (CodeInbox inbox = new CodeInbox(relay); KafkaTap events = KafkaTap.open("verification-events")) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            String code = inbox.code(id);

            submit("alice", id, code).then().statusCode(200)
                    .body("status", equalTo("VERIFIED"))
                    .body("verifiedAt", notNullValue());
            submit("alice", id, code).then().statusCode(409).body("type", endsWith("/proof-already-used"));

            relay.publishPending().await().atMost(CodeInbox.WAIT);
            List<KafkaTap.Record> emitted = events.awaitCount(r -> ("verifications/" + id).equals(r.header("ce_subject")), 2, CodeInbox.WAIT);
            assertThat(emitted).extracting(KafkaTap.Record::ceType).containsExactly(
                    "io.authcloud.verification.VerificationStarted", "io.authcloud.verification.VerificationSucceeded");
            var succeeded = JSON.readTree(emitted.get(1).value());
            assertThat(succeeded.get("verificationId").asText()).isEqualTo(id);
            assertThat(succeeded.get("purpose").asText()).as("the default purpose").isEqualTo("account");
            assertThat(succeeded.get("accountRef").asText()).startsWith("personal-");
            assertThat(succeeded.get("owner").asText()).isEqualTo(KeycloakTokens.subject("alice"));
            assertThat(succeeded.get("deviceId").asText()).isEqualTo("phone-b");
            assertThat(succeeded.get("method").asText()).isEqualTo("email");
            assertThat(succeeded.get("tenant").isNull()).as("an emailed code proves no tenant").isTrue();
            assertThat(emitted.get(1).key()).isEqualTo(KeycloakTokens.subject("alice"));
        }
    }

    @Test
    void fiveWrongCodesLockTheVerificationCountingDown() {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            String code = inbox.code(id);
            for (int left = 4; left >= 1; left--) {
                submit("alice", id, wrong(code)).then()
                        .statusCode(422)
                        .contentType("application/problem+json")
                        .body("type", endsWith("/code-invalid"))
                        .body("attemptsLeft", equalTo(left));
            }
            submit("alice", id, wrong(code)).then().statusCode(423).body("type", endsWith("/verification-locked"));
            submit("alice", id, code).then().statusCode(423);
            given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/verifications/" + id).then()
                    .statusCode(200).body("status", equalTo("LOCKED")).body("attemptsLeft", equalTo(0));
        }
    }

    @Test
    void onceEveryTryIsTakenEvenTheRightCodeIsNotCompared() {
        UUID verificationId = UUID.randomUUID();
        String code = oneTimeCodes.issue(verificationId, Duration.ofMinutes(10)).await().atMost(CodeInbox.WAIT);
        for (int taken = 1; taken <= 5; taken++) {
            assertThat(oneTimeCodes.attempt(verificationId, wrong(code), 5).await().atMost(CodeInbox.WAIT))
                    .isEqualTo(new OneTimeCodes.Attempt(OneTimeCodes.Outcome.WRONG, taken));
        }
        assertThat(oneTimeCodes.attempt(verificationId, code, 5).await().atMost(CodeInbox.WAIT).outcome())
                .isEqualTo(OneTimeCodes.Outcome.EXHAUSTED);
        oneTimeCodes.discard(verificationId).await().atMost(CodeInbox.WAIT);
    }

    /** A try that took its slot before the lock and reads the code after it is told locked, not "already used". */
    @Test
    void aTryThatMeetsTheLocksMarkComparesNothingAndIsToldLocked() {
        UUID verificationId = UUID.randomUUID();
        String code = oneTimeCodes.issue(verificationId, Duration.ofMinutes(10)).await().atMost(CodeInbox.WAIT);
        assertThat(oneTimeCodes.attempt(verificationId, wrong(code), 5).await().atMost(CodeInbox.WAIT).outcome())
                .isEqualTo(OneTimeCodes.Outcome.WRONG);
        oneTimeCodes.lock(verificationId).await().atMost(CodeInbox.WAIT);
        assertThat(oneTimeCodes.attempt(verificationId, code, 5).await().atMost(CodeInbox.WAIT))
                .as("even the right code, with tries left").isEqualTo(new OneTimeCodes.Attempt(OneTimeCodes.Outcome.LOCKED, 1));
        oneTimeCodes.discard(verificationId).await().atMost(CodeInbox.WAIT);
    }

    @Test
    void parallelGuessesGetNoMoreThanFiveComparisons() throws Exception {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            String wrongCode = wrong(inbox.code(id));
            KeycloakTokens.password("alice"); // one token fetch before the race, not twelve
            List<Integer> statuses = Race.of(12, i -> () -> submit("alice", id, wrongCode).statusCode());
            // 429: every try was being checked at that moment (tries in flight lock nothing themselves).
            assertThat(statuses).isSubsetOf(422, 423, 429).contains(423);
            assertThat(statuses).filteredOn(status -> status == 422).hasSizeLessThanOrEqualTo(4);
            given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/verifications/" + id).then()
                    .statusCode(200).body("status", equalTo("LOCKED")).body("attemptsLeft", equalTo(0));
        }
    }

    @Test
    void ofConcurrentCorrectCodesOneWinsAndTheOthersAreToldTheCodeWasUsed() throws Exception {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            String code = inbox.code(id);
            List<Integer> statuses = Race.of(8, i -> () -> submit("alice", id, code).statusCode());
            // Not 410: a loser may find the code gone before the winner's verification is committed; and not 423:
            // losers that found every try taken by the others lock nothing (429, try again).
            assertThat(statuses).containsOnlyOnce(200).isSubsetOf(200, 409, 429);
            given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/verifications/" + id).then()
                    .statusCode(200).body("status", equalTo("VERIFIED"));
        }
    }

    @Test
    void aLockEmitsFailuresAndVerificationLocked() {
        try (CodeInbox inbox = new CodeInbox(relay); KafkaTap events = KafkaTap.open("verification-events")) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            String code = inbox.code(id);
            for (int i = 0; i < 5; i++) {
                submit("alice", id, wrong(code));
            }
            relay.publishPending().await().atMost(CodeInbox.WAIT);
            List<KafkaTap.Record> emitted = events.awaitCount(r -> ("verifications/" + id).equals(r.header("ce_subject")), 7, CodeInbox.WAIT);
            assertThat(emitted).extracting(KafkaTap.Record::ceType)
                    .filteredOn(type -> type.endsWith("VerificationFailed")).hasSize(5);
            assertThat(emitted.get(6).ceType()).isEqualTo("io.authcloud.verification.VerificationLocked");
        }
    }

    @Test
    void aCodeEnteredAfterTenMinutesHasExpired() {
        try (CodeInbox inbox = new CodeInbox(relay); KafkaTap events = KafkaTap.open("verification-events")) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            String code = inbox.code(id);
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));

            submit("alice", id, code).then().statusCode(410).body("type", endsWith("/verification-expired"));

            relay.publishPending().await().atMost(CodeInbox.WAIT);
            events.await(r -> ("verifications/" + id).equals(r.header("ce_subject"))
                    && "io.authcloud.verification.VerificationExpired".equals(r.ceType()), CodeInbox.WAIT);
        }
    }

    @Test
    void aCodeEnteredJustBeforeTenMinutesStillWorks() {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            String code = inbox.code(id);
            clock.advance(Duration.ofMinutes(9).plusSeconds(50));
            submit("alice", id, code).then().statusCode(200);
        }
    }

    @Test
    void theExpirySweepExpiresForgottenVerifications() throws Throwable {
        String id = startOk(KeycloakTokens.signIn("alice"), "email");
        clock.advance(Duration.ofMinutes(11));
        Integer expired = VertxContextSupport.subscribeAndAwait(verifications::expireDue);
        assertThat(expired).isGreaterThanOrEqualTo(1);
        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/verifications/" + id).then()
                .statusCode(200).body("status", equalTo("EXPIRED"));
    }

    @Test
    void aCodeThatIsNotSixDigitsIsInvalidInputAndCostsNoTry() {
        String id = startOk(KeycloakTokens.signIn("alice"), "email");
        submit("alice", id, "12ab").then().statusCode(400).body("errors[0].field", equalTo("code"));
        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/verifications/" + id).then()
                .body("attemptsLeft", equalTo(5));
    }

    @Test
    void anotherPersonsVerificationIsNotFound() {
        String id = startOk(KeycloakTokens.signIn("alice"), "email");
        submit("bob", id, "123456").then().statusCode(404);
        given().auth().oauth2(KeycloakTokens.password("bob")).get("/v1/verifications/" + id).then().statusCode(404);
        VerificationApi.resend("bob", id).then().statusCode(404);
        given().auth().oauth2(KeycloakTokens.password("carol")).get("/v1/verifications/" + id).then().statusCode(403);
    }

    @Test
    void aPersonWithTooManyWrongCodesThisHourIsRateLimited() {
        String id = startOk(KeycloakTokens.signIn("alice"), "email");
        long hour = clock.instant().getEpochSecond() / 3600;
        redis.value(Long.class).set("verification:failures:" + KeycloakTokens.subject("alice") + ":" + hour, 100L);

        var limited = submit("alice", id, "123456");

        limited.then().statusCode(429).body("type", endsWith("/rate-limited"));
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/verifications/" + id).then()
                .body("attemptsLeft", equalTo(5));
    }

    @Test
    void tooManyCodesToOneAddressInAnHourAreRateLimited() {
        String token = KeycloakTokens.signIn("bob");
        for (int i = 0; i < 10; i++) {
            VerificationApi.start(token, "email").then().statusCode(201);
        }
        var limited = VerificationApi.start(token, "email");
        limited.then().statusCode(429).body("type", endsWith("/rate-limited"));
        assertThat(limited.header("Retry-After")).isNotNull();
        VerificationApi.start(token, "sms").then().statusCode(201);
    }
}
