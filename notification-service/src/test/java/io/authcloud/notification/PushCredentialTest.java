package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople.Person;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.PublishedVerification;
import io.authcloud.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A successful verification allows exactly one credential, for that account on that device. */
@QuarkusTest
class PushCredentialTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();

    @Inject
    TestClock clock;

    @Inject
    OutboxRelay relay;

    @Test
    void aPersonalAccountGetsACredentialWithADeviceUniqueTotpSecretShownOnce() {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        JsonPath issued = Credentials.issue(KAFKA, phone, account, "email", UUID.randomUUID());

        assertThat(issued.getString("kind")).isEqualTo("personal");
        assertThat(issued.getString("status")).isEqualTo("ACTIVE");
        assertThat(issued.getString("totpSecret")).matches("[A-Z2-7]{32}");
        assertThat(issued.getString("otpauthUri")).startsWith("otpauth://totp/authcloud:alice?secret=" + issued.getString("totpSecret"))
                .contains("algorithm=SHA1").contains("digits=6").contains("period=30");
        String listed = given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/push-credentials").asString();
        assertThat(listed).contains(issued.getString("id")).doesNotContain(issued.getString("totpSecret"));
        String log = assertDoesNotThrow(() -> java.nio.file.Files.readString(java.nio.file.Path.of("target/quarkus-test.log")));
        assertThat(log).contains(issued.getString("id")).doesNotContain(issued.getString("totpSecret"));
    }

    @Test
    void aVerificationEventThatCannotBeReadGoesToTheDeadLetterTopic() {
        try (KafkaTap dlq = KafkaTap.open("verification-events-dlq")) {
            String id = KAFKA.publish("verification-events", "someone", "io.authcloud.verification.VerificationSucceeded",
                    "/authcloud/verification-service", "verifications/broken", "{\"verificationId\": 42}");
            KafkaTap.Record dead = dlq.await(r -> id.equals(r.ceId()), Duration.ofSeconds(30));
            assertThat(dead.header("dead-letter-reason")).isNotBlank();
        }
    }

    @Test
    void aGrantFromAnotherServiceOrKeyedForSomeoneElseGoesToTheDeadLetterTopicAndGrantsNothing() {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        String alice = KeycloakTokens.subject("alice");
        UUID fromBackup = UUID.randomUUID();
        UUID keyedForBob = UUID.randomUUID();
        try (KafkaTap dlq = KafkaTap.open("verification-events-dlq")) {
            String forged = new PublishedVerification(fromBackup, null, alice, null, account, phone.deviceId, "email", null)
                    .publishAs(KAFKA, UUID.randomUUID().toString(), "/authcloud/backup-service", alice);
            String misKeyed = new PublishedVerification(keyedForBob, null, alice, null, account, phone.deviceId, "email", null)
                    .publishAs(KAFKA, UUID.randomUUID().toString(), "/authcloud/verification-service",
                            KeycloakTokens.subject("bob"));

            assertThat(dlq.await(r -> forged.equals(r.ceId()), Duration.ofSeconds(30)).header("dead-letter-reason"))
                    .contains("does not come from verification-service");
            assertThat(dlq.await(r -> misKeyed.equals(r.ceId()), Duration.ofSeconds(30)).header("dead-letter-reason"))
                    .contains("keyed by someone else than its owner");
        }
        for (UUID verification : List.of(fromBackup, keyedForBob)) {
            phone.requestCredential(verification, account).then().body("type", endsWith("/verification-pending"));
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("reason=\"wrong-source\""), containsString("reason=\"wrong-key\""));
    }

    @Test
    void aKeyReleaseVerificationIsNoCredentialGrant() {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        UUID verification = Events.keyReleaseVerified(KAFKA, KeycloakTokens.subject("alice"), phone.deviceId, UUID.randomUUID());

        Response refused = awaitAnswer(phone, verification, account);

        refused.then().statusCode(403).body("type", endsWith("/forbidden"))
                .body("detail", equalTo("This verification proved a recovery's key release or a backup transfer, not an"
                        + " account: verify the account itself to get its credential."));
        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/push-credentials").then()
                .body("find { it.deviceId == '" + phone.deviceId + "' }", nullValue());
    }

    @Test
    void aTransferVerificationIsNoCredentialGrant() {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        UUID verification = Events.transferVerified(KAFKA, KeycloakTokens.subject("alice"), phone.deviceId, UUID.randomUUID());

        awaitAnswer(phone, verification, account).then().statusCode(403).body("type", endsWith("/forbidden"));
        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/push-credentials").then()
                .body("find { it.deviceId == '" + phone.deviceId + "' }", nullValue());
    }

    @Test
    void aVerificationWithoutPurposeStillProvesAnAccount() {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        UUID verification = Events.verificationSucceeded(KAFKA, null, KeycloakTokens.subject("alice"), account,
                phone.deviceId, "sms", null, null);
        Credentials.awaitIssued(phone, verification, account);
    }

    @Test
    void anAccountReferenceHasOneKindPerPersonAndARefusedGrantStaysUsable() {
        String account = "shared-" + UUID.randomUUID();
        String personal = Credentials.issue(KAFKA, Phone.of("alice"), account, "email", null).getString("id");
        Phone byContoso = Phone.of("alice");
        UUID contosoGrant = Events.verificationSucceeded(KAFKA, KeycloakTokens.subject("alice"), account, byContoso.deviceId,
                "qr", "contoso", null);

        awaitAnswer(byContoso, contosoGrant, account).then().statusCode(403).body("type", endsWith("/forbidden"))
                .body("detail", containsString("another way"));

        given().auth().oauth2(KeycloakTokens.signIn("alice")).delete("/v1/push-credentials/" + personal).then().statusCode(204);
        byContoso.requestCredential(contosoGrant, account).then().statusCode(201).body("kind", equalTo("work"))
                .body("tenant", equalTo("contoso"));

        Phone byEmail = Phone.of("alice");
        UUID emailGrant = Events.verificationSucceeded(KAFKA, KeycloakTokens.subject("alice"), account, byEmail.deviceId, "email", null);
        awaitAnswer(byEmail, emailGrant, account).then().statusCode(403);
        Phone byFabrikam = Phone.of("alice");
        UUID fabrikamGrant = Events.verificationSucceeded(KAFKA, KeycloakTokens.subject("alice"), account, byFabrikam.deviceId,
                "qr", "fabrikam", null);
        awaitAnswer(byFabrikam, fabrikamGrant, account).then().statusCode(403);
        Credentials.issueForTenant(KAFKA, Phone.of("alice"), account, "contoso");
    }

    @Test
    void aWorkAccountVerifiedByQrGetsACredentialWithoutTotpSecret() {
        JsonPath issued = Credentials.issue(KAFKA, Phone.of("alice"), "contoso-" + UUID.randomUUID(), "qr", null);
        assertThat(issued.getString("kind")).isEqualTo("work");
        assertThat(issued.getString("tenant")).isEqualTo("contoso");
        assertThat(issued.getString("totpSecret")).isNull();
    }

    @Test
    void beforeTheVerificationArrivesTheAnswerIs409WithRetryAfter() {
        Phone phone = Phone.of("alice");
        phone.requestCredential(UUID.randomUUID(), "personal").then()
                .statusCode(409)
                .header("Retry-After", "1")
                .body("type", endsWith("/verification-pending"));
    }

    @Test
    void aVerificationIsUsedOnceASecondRequestGets409() {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        UUID verification = Events.verificationSucceeded(KAFKA, KeycloakTokens.subject("alice"), account, phone.deviceId, "sms", null);
        Credentials.awaitIssued(phone, verification, account);

        phone.requestCredential(verification, account).then()
                .statusCode(409).body("type", endsWith("/proof-already-used"));
    }

    @Test
    void ofTwoRequestsAtTheSameMomentExactlyOneGetsTheCredential() throws Exception {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        UUID verification = Events.verificationSucceeded(KAFKA, KeycloakTokens.subject("alice"), account, phone.deviceId, "email", null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                new Phone("bob", phone.deviceId).requestCredential(verification, account).statusCode() == 404);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return phone.requestCredential(verification, account).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void someoneElsesVerificationIsNotFoundAndAnotherDeviceOrAccountIsForbidden() {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        UUID verification = Events.verificationSucceeded(KAFKA, KeycloakTokens.subject("alice"), account, phone.deviceId, "email", null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                new Phone("bob", phone.deviceId).requestCredential(verification, account).statusCode() == 404);

        Phone.of("alice").requestCredential(verification, account).then().statusCode(403).body("type", endsWith("/forbidden"));
        phone.requestCredential(verification, "another-account").then().statusCode(403);
        phone.requestCredential(verification, account).then().statusCode(201);
    }

    @Test
    void aVerificationOlderThanTenMinutesHasExpired() {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        UUID verification = Events.verificationSucceeded(KAFKA, KeycloakTokens.subject("alice"), account, phone.deviceId, "email", null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                new Phone("bob", phone.deviceId).requestCredential(verification, account).statusCode() == 404);
        clock.advance(Duration.ofMinutes(10).plusSeconds(5));

        phone.requestCredential(verification, account).then().statusCode(410).body("type", endsWith("/verification-expired"));
    }

    @Test
    void anythingButAP256PublicJwkIsRefusedWith400() {
        Phone phone = Phone.of("alice");
        List<Map<String, Object>> refused = new ArrayList<>();
        refused.add(Map.of("kty", "RSA", "n", "sXch", "e", "AQAB"));
        Map<String, Object> p384 = new LinkedHashMap<>(phone.publicJwk());
        p384.put("crv", "P-384");
        refused.add(p384);
        Map<String, Object> withPrivate = new LinkedHashMap<>(phone.publicJwk());
        withPrivate.put("d", "c2VjcmV0LXByaXZhdGUta2V5LXRoYXQtbXVzdC1ub3QtbGVhdmU");
        refused.add(withPrivate);
        Map<String, Object> offCurve = new LinkedHashMap<>(phone.publicJwk());
        offCurve.put("y", offCurve.get("x"));
        refused.add(offCurve);
        for (Map<String, Object> jwk : refused) {
            phone.requestCredential(UUID.randomUUID(), "personal", jwk).then()
                    .statusCode(400).body("type", endsWith("/invalid-request")).body("errors[0].field", equalTo("publicKey"));
        }
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("verificationId", UUID.randomUUID().toString());
        none.put("accountRef", "personal");
        none.put("deviceId", phone.deviceId);
        given().auth().oauth2(KeycloakTokens.password("alice")).contentType("application/json").body(none)
                .post("/v1/push-credentials").then().statusCode(400);
    }

    @Test
    void credentialsAreListedByDeviceAndARevokedOneSaysSo() {
        Phone phone = Phone.of("alice");
        String account = "personal-" + UUID.randomUUID();
        String id = Credentials.issue(KAFKA, phone, account, "email", null).getString("id");

        JsonPath listed = given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/push-credentials").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Object> device = listed.getMap("find { it.deviceId == '" + phone.deviceId + "' }");
        assertThat(device).isNotNull();
        given().auth().oauth2(KeycloakTokens.signIn("bob")).delete("/v1/push-credentials/" + id).then().statusCode(404);

        String signedIn = KeycloakTokens.signIn("alice");
        given().auth().oauth2(signedIn).delete("/v1/push-credentials/" + id).then().statusCode(204);
        given().auth().oauth2(signedIn).delete("/v1/push-credentials/" + id).then().statusCode(204);

        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/push-credentials").then()
                .body("find { it.deviceId == '" + phone.deviceId + "' }.credentials[0].status", equalTo("REVOKED"))
                .body("find { it.deviceId == '" + phone.deviceId + "' }.credentials[0].revokedReason", equalTo("revoked by the owner"));
        given().auth().oauth2(KeycloakTokens.password("bob")).get("/v1/push-credentials").then()
                .body("find { it.deviceId == '" + phone.deviceId + "' }", nullValue());
    }

    @Test
    void issueAndRevokeEmitCredentialEventsWithTheCataloguesFields() throws Exception {
        EventCatalogue catalogue = EventCatalogue.load();
        Phone phone = Phone.of("alice");
        UUID recovery = UUID.randomUUID();
        try (KafkaTap events = KafkaTap.open("credential-events")) {
            String id = Credentials.issue(KAFKA, phone, "personal-" + UUID.randomUUID(), "email", recovery).getString("id");
            given().auth().oauth2(KeycloakTokens.signIn("alice")).delete("/v1/push-credentials/" + id).then().statusCode(204);
            relay.publishPending().await().atMost(Duration.ofSeconds(20));

            List<KafkaTap.Record> emitted = events.awaitCount(r -> ("push-credentials/" + id).equals(r.header("ce_subject")), 2, Duration.ofSeconds(20));
            assertThat(emitted).extracting(KafkaTap.Record::ceType).containsExactly(
                    "io.authcloud.notification.PushCredentialIssued", "io.authcloud.notification.PushCredentialRevoked");
            for (KafkaTap.Record event : emitted) {
                assertThat(event.key()).isEqualTo(KeycloakTokens.subject("alice"));
                Map<String, Object> body = new com.fasterxml.jackson.databind.ObjectMapper().readValue(event.value(), Map.class);
                assertThat(body.keySet()).as(event.ceType()).isEqualTo(catalogue.fieldsOf(event.ceType()));
                assertThat(body.get("recoveryId")).isEqualTo(recovery.toString());
                assertThat(event.value()).doesNotContain("totp").doesNotContain("\"x\"");
            }
        }
    }

    @Test
    void aTokenWithoutARecentSignInRemovesNoDeviceAndRevokesNoCredential() {
        Person person = KeycloakPeople.create("stale-token");
        Phone phone = Phone.of(person.username());
        phone.register("android", "fcm").then().statusCode(201);
        String id = Credentials.issue(KAFKA, phone, "personal-" + UUID.randomUUID(), "email", null).getString("id");
        String passwordGrant = KeycloakTokens.password(person.username());

        for (Response refused : List.of(given().auth().oauth2(passwordGrant).delete("/v1/push-credentials/" + id),
                given().auth().oauth2(passwordGrant).delete("/v1/devices/" + phone.deviceId))) {
            refused.then().statusCode(401).contentType(containsString("application/problem+json"))
                    .header("WWW-Authenticate", containsString("insufficient_user_authentication"))
                    .body("type", endsWith("/step-up-required"));
        }

        given().auth().oauth2(passwordGrant).get("/v1/push-credentials").then().statusCode(200)
                .body("find { it.deviceId == '" + phone.deviceId + "' }.credentials.status", contains("ACTIVE"));
        given().auth().oauth2(passwordGrant).get("/v1/devices").then().statusCode(200)
                .body("deviceId", contains(phone.deviceId));
        given().auth().oauth2(KeycloakTokens.signIn(person.username())).delete("/v1/push-credentials/" + id).then().statusCode(204);
        given().auth().oauth2(passwordGrant).get("/v1/push-credentials").then()
                .body("find { it.deviceId == '" + phone.deviceId + "' }.credentials.status", contains("REVOKED"));
    }

    /** The first answer once the grant has arrived (not 409 verification-pending). */
    private static Response awaitAnswer(Phone phone, UUID verification, String account) {
        Response[] last = new Response[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = phone.requestCredential(verification, account);
            return !last[0].asString().contains("verification-pending");
        });
        return last[0];
    }

    @Test
    void aDeviceIsRegisteredUpdatedAndRemovedWithItsCredentials() {
        Phone phone = Phone.of("alice");
        phone.register("android", "fcm").then().statusCode(201).body("platform", equalTo("android"))
                .body("id", equalTo(phone.deviceId));
        phone.register("android", "fcm").then().statusCode(200);
        String id = Credentials.issue(KAFKA, phone, "personal-" + UUID.randomUUID(), "email", null).getString("id");
        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/devices").then().statusCode(200)
                .body("find { it.deviceId == '" + phone.deviceId + "' }.pushChannel", equalTo("fcm"));

        String signedIn = KeycloakTokens.signIn("alice");
        given().auth().oauth2(signedIn).delete("/v1/devices/" + phone.deviceId).then().statusCode(204);

        Set<String> statuses = new HashSet<>(given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/push-credentials")
                .then().extract().jsonPath().getList("find { it.deviceId == '" + phone.deviceId + "' }.credentials.status"));
        assertThat(statuses).containsExactly("REVOKED");
        given().auth().oauth2(signedIn).delete("/v1/devices/" + phone.deviceId).then().statusCode(404);
        Response invalid = given().auth().oauth2(KeycloakTokens.password("alice")).contentType("application/json")
                .body(Map.of("deviceId", "x", "platform", "windows", "pushChannel", "sms", "pushToken", "t")).post("/v1/devices");
        invalid.then().statusCode(400);
        assertThat(invalid.jsonPath().getList("errors.field", String.class)).contains("platform", "pushChannel");
        assertThat(id).isNotBlank();
    }
}
