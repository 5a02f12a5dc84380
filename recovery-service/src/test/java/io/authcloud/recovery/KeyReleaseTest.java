package io.authcloud.recovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The backup key goes only to the owner of an open recovery, after a recent password sign-in AND a second
 * factor proven for that recovery, a few times a day per person, and not after too many failed
 * verifications of the person. (bob; people made for one test where a limit per person is reached.)
 */
@QuarkusTest
class KeyReleaseTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TestClock clock;

    @Inject
    OutboxRelay relay;

    @Test
    void aLeakedPasswordAloneGetsNoKeyOnlyTheWaysToProveItIsThePerson() {
        KeycloakPeople.Person person = KeycloakPeople.create("leaked", "+15550100777", null);
        Recovery recovery = recoveryWithKey(person.username(), KeyEscrowTest.randomKey());

        release(KeycloakTokens.signIn(person.username()), recovery.id()).then()
                .statusCode(403)
                .body("type", endsWith("/second-factor-required"))
                .body("methods", contains("email", "sms"))
                .body("recoveryId", equalTo(recovery.id()));
        Recoveries.read(person.username(), recovery.id()).then()
                .body("keyRelease.state", equalTo("SECOND_FACTOR_REQUIRED"))
                .body("keyRelease.methods", contains("email", "sms"))
                .body("keyReleases", equalTo(0));
    }

    @Test
    void aKeyReleaseCodeVerifiedOnTheRecoveringPhoneReleasesTheKey() throws Exception {
        byte[] key = KeyEscrowTest.randomKey();
        Recovery recovery = recoveryWithKey("bob", key);
        proveByCode("bob", recovery);

        String wrapped = release(KeycloakTokens.signIn("bob"), recovery.id()).then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("keyId", equalTo("key-r"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("key")))
                .extract().path("wrappedKey");
        assertThat(PhoneKeys.open(recovery.device(), wrapped)).isEqualTo(key);
        Recoveries.read("bob", recovery.id()).then()
                .body("keyRelease.state", equalTo("RELEASED"))
                .body("keyRelease.secondFactor", equalTo("email"))
                .body("keyReleases", equalTo(1));
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertThat(log).contains(recovery.id()).doesNotContain(Base64.getEncoder().encodeToString(key));
    }

    @Test
    void whoeverElseFetchesTheKeyOfAProvenRecoveryGetsWhatOnlyTheRecoveringPhoneOpens() {
        KeycloakPeople.Person person = KeycloakPeople.create("wrapped");
        byte[] key = KeyEscrowTest.randomKey();
        Recovery recovery = recoveryWithKey(person.username(), key);
        proveByCode(person.username(), recovery);
        // A thief with the person's password: a fresh sign-in of their own, and a phone of their own.
        String thiefsPhone = "phone-" + UUID.randomUUID();
        PhoneKeys.publicJwk(thiefsPhone);

        String wrapped = release(KeycloakTokens.signIn(person.username()), recovery.id()).then().statusCode(200)
                .extract().path("wrappedKey");

        assertThat(wrapped).doesNotContain(Base64.getEncoder().encodeToString(key));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PhoneKeys.open(thiefsPhone, wrapped))
                .hasMessageContaining("does not open");
        assertThat(PhoneKeys.open(recovery.device(), wrapped)).isEqualTo(key);
        // Starting again on the recovering phone's id with another key changes nothing of the recovery.
        Recoveries.start(person.username(), "icloud", recovery.account(), recovery.device(), 0, PhoneKeys.publicJwk(thiefsPhone))
                .then().statusCode(200).body("id", equalTo(recovery.id()));
        String again = release(KeycloakTokens.signIn(person.username()), recovery.id()).then().statusCode(200).extract().path("wrappedKey");
        assertThat(PhoneKeys.open(recovery.device(), again)).isEqualTo(key);
    }

    @Test
    void aCancelledRecoveryReleasesNothingThoughItsSecondFactorWasProven() {
        Recovery recovery = recoveryWithKey("bob", KeyEscrowTest.randomKey());
        proveByCode("bob", recovery);
        given().auth().oauth2(KeycloakTokens.signIn("bob")).delete("/v1/recoveries/" + recovery.id()).then().statusCode(204);
        release(KeycloakTokens.signIn("bob"), recovery.id()).then().statusCode(409).body("type", endsWith("/recovery-closed"));
    }

    @Test
    void aCodeVerifiedOnAnotherPhoneForAnotherPersonOrForAnAccountProvesNothing() {
        Recovery recovery = recoveryWithKey("bob", KeyEscrowTest.randomKey());
        String bob = KeycloakTokens.subject("bob");
        SagaEvents.keyReleaseVerified(KAFKA, bob, recovery.uuid(), "phone-of-the-thief", "email");
        SagaEvents.keyReleaseVerified(KAFKA, KeycloakTokens.subject("dave"), recovery.uuid(), recovery.device(), "email");
        SagaEvents.verificationSucceeded(KAFKA, java.util.UUID.randomUUID().toString(), bob, recovery.uuid(), "personal",
                recovery.device(), java.util.UUID.randomUUID(), "email");
        // A marker: once this recovery of bob's is proven, the events above were applied before it.
        Recovery marker = recoveryWithKey("bob", KeyEscrowTest.randomKey());
        proveByCode("bob", marker);

        Recoveries.read("bob", recovery.id()).then().body("keyRelease.state", equalTo("SECOND_FACTOR_REQUIRED"));
        release(KeycloakTokens.signIn("bob"), recovery.id()).then().statusCode(403)
                .body("type", endsWith("/second-factor-required"));
    }

    @Test
    void theFirstReleaseOfARecoveryIsToldOnceWithItsSecondFactorAndWithoutTheKey() throws Exception {
        byte[] key = KeyEscrowTest.randomKey();
        Recovery recovery = recoveryWithKey("bob", key);
        String id = recovery.id();
        proveByCode("bob", recovery);
        String token = KeycloakTokens.signIn("bob");
        try (KafkaTap events = KafkaTap.open("recovery-events")) {
            release(token, id).then().statusCode(200);
            release(token, id).then().statusCode(200);
            relay.publishPending().await().atMost(WAIT);

            KafkaTap.Record released = events.await(r -> ("recoveries/" + id).equals(r.header("ce_subject"))
                    && r.ceType().endsWith("RecoveryKeyReleased"), WAIT);
            var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(released.value());
            java.util.Set<String> fields = new java.util.HashSet<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(io.authcloud.testing.EventCatalogue.load().fieldsOf(released.ceType()));
            assertThat(body.get("recoveryId").asText()).isEqualTo(id);
            assertThat(body.get("owner").asText()).isEqualTo(KeycloakTokens.subject("bob"));
            assertThat(body.get("keyId").asText()).isEqualTo("key-r");
            assertThat(body.get("secondFactor").asText()).isEqualTo("email");
            assertThat(released.key()).isEqualTo(KeycloakTokens.subject("bob"));
            assertThat(released.value()).doesNotContain(Base64.getEncoder().encodeToString(key));
            // A marker after the second release: had it emitted, its event would come before the marker's.
            Recovery marker = recoveryWithKey("bob", KeyEscrowTest.randomKey());
            proveByCode("bob", marker);
            release(token, marker.id()).then().statusCode(200);
            relay.publishPending().await().atMost(WAIT);
            events.await(r -> ("recoveries/" + marker.id()).equals(r.header("ce_subject"))
                    && r.ceType().endsWith("RecoveryKeyReleased"), WAIT);
            assertThat(events.drain(Duration.ZERO)).filteredOn(r -> ("recoveries/" + id).equals(r.header("ce_subject"))
                    && r.ceType().endsWith("RecoveryKeyReleased")).hasSize(1);
        }
    }

    @Test
    void withoutARecentSignInTheAnswerIsTheStepUpChallenge() {
        Recovery recovery = recoveryWithKey("bob", KeyEscrowTest.randomKey());
        proveByCode("bob", recovery);
        release(KeycloakTokens.password("bob"), recovery.id()).then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("insufficient_user_authentication"))
                .body("type", endsWith("/step-up-required"));
        String token = KeycloakTokens.signIn("bob");
        clock.advance(Duration.ofMinutes(6));
        release(token, recovery.id()).then().statusCode(401);
    }

    @Test
    void aPersonsKeysAreReleasedAtMostFiveTimesADayWhateverDeviceOrRecoveryAsks() {
        KeycloakPeople.Person person = KeycloakPeople.create("release-cap");
        String token = KeycloakTokens.signIn(person.username());
        Recovery first = recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        proveByCode(person.username(), first);
        for (int i = 0; i < 3; i++) {
            release(token, first.id()).then().statusCode(200);
        }
        Recovery second = recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        proveByCode(person.username(), second);
        release(token, second.id()).then().statusCode(200);
        release(token, second.id()).then().statusCode(200);

        release(token, second.id()).then().statusCode(403).body("type", endsWith("/forbidden"));
        Recovery third = recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        proveByCode(person.username(), third);
        release(token, third.id()).then().statusCode(403).body("type", endsWith("/forbidden"));
        Recoveries.read(person.username(), third.id()).then().body("keyReleases", equalTo(0));
    }

    @Test
    void tenFailedVerificationsInADayLockKeyReleaseOfThePersonOnEveryDevice() {
        KeycloakPeople.Person person = KeycloakPeople.create("release-lock");
        String owner = person.sub();
        Recovery recovery = recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        proveByCode(person.username(), recovery);
        String token = KeycloakTokens.signIn(person.username());
        for (int i = 0; i < 10; i++) {
            SagaEvents.verificationFailed(KAFKA, owner);
        }
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> release(token, recovery.id()).statusCode() == 423);
        release(token, recovery.id()).then().body("type", endsWith("/verification-locked"))
                .body("failedVerifications", org.hamcrest.Matchers.greaterThanOrEqualTo(10));
        Recoveries.read(person.username(), recovery.id()).then().body("keyRelease.state", equalTo("LOCKED"));

        Recovery onANewDevice = recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        proveByCode(person.username(), onANewDevice);
        release(token, onANewDevice.id()).then().statusCode(423);

        clock.advance(Duration.ofHours(23));
        String fresh = KeycloakTokens.signIn(person.username());
        clock.reset();
        release(fresh, recovery.id()).then().statusCode(423);
    }

    @Test
    void aKeyThatWasNeverEscrowedIsNotFoundAndOthersGetNothing() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "bob", "icloud", account, "key-missing");
        String device = "phone-" + UUID.randomUUID();
        String id = Recoveries.start("bob", "icloud", account, device, 0).then().statusCode(201).extract().path("id");
        proveByCode("bob", new Recovery(id, device, account));
        release(KeycloakTokens.signIn("bob"), id).then().statusCode(404).body("keyId", equalTo("key-missing"));
        release(KeycloakTokens.signIn("alice"), id).then().statusCode(404).body("detail", containsString("no recovery"));
    }

    @Test
    void aClosedRecoveryReleasesNothing() {
        Recovery recovery = recoveryWithKey("bob", KeyEscrowTest.randomKey());
        proveByCode("bob", recovery);
        Recoveries.declare("bob", recovery.id(), java.util.List.of()).then().body("status", equalTo("COMPLETED"));
        release(KeycloakTokens.signIn("bob"), recovery.id()).then().statusCode(409).body("type", endsWith("/recovery-closed"));
        Recoveries.read("bob", recovery.id()).then().body("keyRelease.state", equalTo("CLOSED"));
    }

    /** A recovery of a fresh backup (storage account {@code account}) whose key is escrowed, on a fresh device. */
    record Recovery(String id, String device, String account) {
        UUID uuid() {
            return UUID.fromString(id);
        }
    }

    static Recovery recoveryWithKey(String user, byte[] key) {
        String account = Backups.freshAccount();
        KeyEscrowTest.escrow(user, account, "key-r", key).then().statusCode(201);
        Backups.stored(KAFKA, user, "icloud", account, "key-r");
        String device = "phone-" + UUID.randomUUID();
        String id = Recoveries.start(user, "icloud", account, device, 0).then().statusCode(201).extract().path("id");
        return new Recovery(id, device, account);
    }

    /** The person enters on the recovering phone a key-release code mailed to them; the event moves the recovery. */
    static void proveByCode(String user, Recovery recovery) {
        SagaEvents.keyReleaseVerified(KAFKA, KeycloakTokens.subject(user), recovery.uuid(), recovery.device(), "email");
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                "email".equals(Recoveries.read(user, recovery.id()).jsonPath().getString("keyRelease.secondFactor")));
    }

    static Response release(String token, String id) {
        return given().auth().oauth2(token).get("/v1/recoveries/" + id + "/key");
    }
}
