package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Phone;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A thief who has a person's password (a fresh interactive sign-in, through the gateway, with real
 * Keycloak tokens) does not get the backup key, and the person hears of it first. Each test has a person
 * of its own, so limits per person hold for the test alone.
 */
@ExtendWith(RunningStack.class)
class ALeakedPasswordIsNotEnoughTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aFreshSignInWithALeakedPasswordGetsNoKeyAndThePersonIsToldFirst() {
        KeycloakPeople.Person person = KeycloakPeople.create("leaked");
        String storage = People.freshStorageAccount(person.username());
        Phone own = phoneWithABackup(person, storage);

        Phone thief = People.phone(person.username(), "ios", storage);
        JsonNode started = thief.startRecovery();

        assertThat(started.at("/keyRelease/state").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
        ApiProblem refusal = refused("second-factor-required", 403, thief::restore);
        assertThat(refusal.body().get("methods")).extracting(JsonNode::asText).containsExactly("email");
        assertThat(thief.state().accounts).isEmpty();
        assertThat(thief.recovery().get("keyReleases").asInt()).isZero();
        GreenMailInbox.await(person.email(), mail -> mail.subject().equals("A recovery of your authenticator was started")
                && mail.body().contains(thief.state().deviceId) && mail.body().contains("not-me#token="), WAIT);
        assertThat(GreenMailInbox.messages(person.email())).extracting(GreenMailInbox.Mail::subject)
                .doesNotContain("Your backup key was sent to a new device");
        assertThat(own.state().backupKeyId).isNotNull();
    }

    @Test
    void aThiefFetchingTheKeyOfThePersonsProvenRecoveryGetsWhatOnlyTheRecoveringPhoneOpens() {
        KeycloakPeople.Person person = KeycloakPeople.create("proven");
        String storage = People.freshStorageAccount(person.username());
        phoneWithABackup(person, storage);
        Phone phoneB = People.phone(person.username(), "ios", storage);
        String recovery = phoneB.startRecovery().get("id").asText();
        People.proveKeyReleaseByEmail(phoneB, person.email());

        // The thief signs in with the password (a fresh sign-in), finds the open recovery and fetches its key.
        Http thief = new Http(RunningStack.ENDPOINTS.gateway(), () -> KeycloakTokens.signIn(person.username()));
        assertThat(thief.get("/v1/me").body().get("openRecoveries").toString()).contains(recovery);
        JsonNode released = thief.get("/v1/recoveries/" + recovery + "/key").body();
        assertThat(released.has("key")).isFalse();
        String thiefsKey = io.authcloud.simulator.app.DeviceKeys.generate().privateKey();
        assertThatThrownBy(() -> io.authcloud.simulator.app.DeviceKeys.open(thiefsKey, released.get("wrappedKey").asText()))
                .hasMessageContaining("does not open");

        phoneB.restore();
        assertThat(phoneB.state().accounts).extracting(io.authcloud.simulator.app.Account::issuer).containsExactly("Chirp");
    }

    @Test
    void theOtherPhoneApprovesWithTheNumberTheRecoveringPhoneShowsAndAWrongNumberDenies() {
        KeycloakPeople.Person person = KeycloakPeople.create("approves");
        String storage = People.freshStorageAccount(person.username());
        Phone phoneA = phoneWithABackup(person, storage);
        phoneA.registerDevice();
        phoneA.addPushAccount("personal", "personal", person.email(), null);
        People.verifyByEmail(phoneA, "personal", person.email());

        Phone phoneB = People.phone(person.username(), "ios", storage);
        phoneB.startRecovery();
        awaitDeviceMethod(phoneB);
        JsonNode approval = phoneB.requestApproval();
        JsonNode pushed = awaitApproval(phoneA, approval.get("id").asText());
        assertThat(pushed.toString()).doesNotContain("\"number\"");
        phoneA.answer(pushed, approval.get("number").asInt(), true);

        phoneB.awaitSecondFactor(WAIT);
        assertThat(phoneB.recovery().at("/keyRelease/secondFactor").asText()).isEqualTo("device");
        phoneB.restore();
        assertThat(phoneB.state().accounts).extracting(io.authcloud.simulator.app.Account::issuer).containsExactly("Chirp");

        Phone phoneC = People.phone(person.username(), "ios", storage);
        phoneC.startRecovery();
        JsonNode second = phoneC.requestApproval();
        JsonNode again = awaitApproval(phoneA, second.get("id").asText());
        int wrong = second.get("number").asInt() == 99 ? 98 : second.get("number").asInt() + 1;
        refused("number-mismatch", 422, () -> phoneA.answer(again, wrong, true));
        refused("second-factor-required", 403, phoneC::restore);
    }

    @Test
    void failedSecondFactorsLockKeyReleaseForThePersonWhateverDeviceAsksNext() {
        KeycloakPeople.Person person = KeycloakPeople.create("locked");
        String storage = People.freshStorageAccount(person.username());
        phoneWithABackup(person, storage);

        Phone thief = People.phone(person.username(), "ios", storage);
        thief.startRecovery();
        for (int guess = 0; guess < 10; guess++) {
            ApiProblem wrong = (ApiProblem) org.assertj.core.api.Assertions.catchThrowable(
                    () -> thief.proveByCode("email", started -> "000000"));
            assertThat(wrong.type()).isEqualTo("code-invalid");
        }
        Phone anotherDevice = People.phone(person.username(), "ios", storage);
        anotherDevice.startRecovery();
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                "LOCKED".equals(anotherDevice.recovery().at("/keyRelease/state").asText()));
        refused("verification-locked", 423, anotherDevice::restore);
        refused("verification-locked", 423, thief::restore);
    }

    @Test
    void aRecoveryCannotNameAPhoneThatHoldsThePersonsCredentials() {
        KeycloakPeople.Person person = KeycloakPeople.create("own-phone");
        String storage = People.freshStorageAccount(person.username());
        Phone own = phoneWithABackup(person, storage);
        own.registerDevice();
        own.addPushAccount("personal", "personal", person.email(), null);
        People.verifyByEmail(own, "personal", person.email());

        // Once recovery-service has heard of the credential (the other phone becomes a way to approve)...
        Phone probe = People.phone(person.username(), "ios", storage);
        probe.startRecovery();
        awaitDeviceMethod(probe);

        // ...a thief naming the person's own phone is refused: a notice never names it, "this wasn't me" never revokes it.
        Phone thief = People.phone(person.username(), "ios", storage);
        thief.state().deviceId = own.state().deviceId;
        refused("device-in-use", 409, thief::startRecovery);
        assertThat(own.credentials().toString()).contains("ACTIVE");
    }

    @Test
    void aPhoneRecoveringOneBackupIsToldOfItWhenItAsksForAnotherAndMayCancelIt() {
        KeycloakPeople.Person person = KeycloakPeople.create("in-progress");
        String first = People.freshStorageAccount(person.username());
        String second = People.freshStorageAccount(person.username());
        phoneWithABackup(person, first);
        phoneWithABackup(person, second);

        Phone phone = People.phone(person.username(), "ios", first);
        String open = phone.startRecovery().get("id").asText();
        phone.state().storageAccount = second;
        ApiProblem inProgress = refused("recovery-in-progress", 409, phone::startRecovery);
        assertThat(inProgress.body().get("recoveryId").asText()).isEqualTo(open);
        assertThat(inProgress.body().get("storageAccount").asText()).isEqualTo(first);

        phone.state().recoveryId = open;
        phone.cancelRecovery();
        assertThat(phone.recovery().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(phone.startRecovery().get("id").asText()).isNotEqualTo(open);
    }

    /** A phone of the person with a backup (one third-party account) whose key is escrowed. */
    private static Phone phoneWithABackup(KeycloakPeople.Person person, String storage) {
        Phone phone = Phone.create(People.PHONES.resolve(person.username() + "-" + UUID.randomUUID()),
                RunningStack.ENDPOINTS, "ios", storage);
        phone.signIn(person.username(), person.password(), false);
        phone.addThirdParty("otpauth://totp/Chirp:" + person.username() + "?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        phone.backup();
        return phone;
    }

    /** recovery-service hears of the other phone's credential by event, a moment after it was issued. */
    private static void awaitDeviceMethod(Phone phone) {
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                phone.recovery().at("/keyRelease/methods").toString().contains("device"));
    }

    private static JsonNode awaitApproval(Phone phone, String approvalId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> pending = phone.pendingSignIns();
            for (JsonNode request : pending) {
                if (approvalId.equals(request.path("requestId").asText())) {
                    assertThat(request.get("type").asText()).isEqualTo("recovery-approval");
                    return request;
                }
            }
            sleep();
        }
        throw new AssertionError("No approval request " + approvalId + " reached " + phone.state().deviceId);
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
