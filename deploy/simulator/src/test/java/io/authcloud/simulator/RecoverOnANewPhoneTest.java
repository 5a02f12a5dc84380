package io.authcloud.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.Account;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.Totp;
import io.authcloud.testing.GreenMailInbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed story, step by step, on the running stack: alice backs up phone A, gets phone B, recovers,
 * steps up, and both phones work.
 */
@ExtendWith(RunningStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoverOnANewPhoneTest {

    private static final String CHIRP = "otpauth://totp/Chirp:alice?secret=JBSWY3DPEHPK3PXP&issuer=Chirp";
    private static final String SHELF = "otpauth://totp/Shelf:alice%40mail?secret=KRSXG5CTMVRXEZLU&issuer=Shelf";
    private static final String ICLOUD = People.freshStorageAccount("alice");
    private static final Instant STARTED = Instant.now().minusSeconds(5);

    private static Phone phoneA;
    private static Phone phoneB;

    @Test
    @Order(1)
    void aliceSetsUpPhoneAWithFourAccountsAndBacksItUp() {
        phoneA = People.phone("alice", "ios", ICLOUD);
        phoneA.addPushAccount("personal", "personal", "alice@example.test", null);
        phoneA.addPushAccount("work", "contoso-work", "alice@contoso.example", "contoso");
        phoneA.addThirdParty(CHIRP);
        phoneA.addThirdParty(SHELF);
        phoneA.registerDevice();
        assertThat(People.verifyByEmail(phoneA, "personal", "alice@example.test").secret()).isNotNull();
        assertThat(People.activateWithCarolsQr(phoneA, "alice", "contoso-work").hasCredential()).isTrue();

        JsonNode written = phoneA.backup();

        assertThat(written.get("version").asInt()).isEqualTo(1);
        JsonNode listed = find(phoneA.backups(), ICLOUD);
        assertThat(listed.get("accountCount").asInt()).isEqualTo(4);
        assertThat(listed.get("deviceId").asText()).isEqualTo(phoneA.state().deviceId);
    }

    @Test
    @Order(2)
    void phoneBSeesWhatWillBeRestoredAndRecoversEveryAccountInOrder() {
        phoneB = People.phone("alice", "ios", ICLOUD);
        assertThat(find(phoneB.backups(), ICLOUD).get("platform").asText()).isEqualTo("ios");

        JsonNode started = phoneB.startRecovery();
        assertThat(started.at("/backup/deviceId").asText()).isEqualTo(phoneA.state().deviceId);
        assertThat(started.at("/keyRelease/state").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
        People.proveKeyReleaseByEmail(phoneB, "alice@example.test");
        JsonNode declared = phoneB.restore();

        assertThat(phoneB.state().accounts).extracting(Account::label).containsExactly(
                "authcloud: alice@example.test", "contoso: alice@contoso.example", "Chirp: alice", "Shelf: alice@mail");
        assertThat(declared.get("accounts").findValuesAsText("method")).containsExactlyInAnyOrder("sign-in", "qr");
        assertThat(declared.get("accounts").findValuesAsText("state")).containsOnly("VERIFICATION_REQUIRED");
    }

    @Test
    @Order(3)
    void thirdPartyCodesWorkAtOnceAndEqualThoseOfPhoneA() {
        Instant now = Instant.now();
        assertThat(phoneB.code("Chirp: alice", now)).isEqualTo(phoneA.code("Chirp: alice", now))
                .isEqualTo(Totp.code("JBSWY3DPEHPK3PXP", now));
        assertThat(phoneB.code("Shelf: alice@mail", now)).isEqualTo(phoneA.code("Shelf: alice@mail", now));
    }

    @Test
    @Order(4)
    void thePersonalAccountStepsUpWithAFreshSignInAndAnEmailCode() {
        phoneB.registerDevice();
        phoneB.signIn("alice", "alice-password", true);
        Account personal = People.verifyByEmail(phoneB, "personal", "alice@example.test");
        assertThat(personal.hasCredential()).isTrue();
        assertThat(accountState(phoneB, "personal")).isIn("VERIFIED", "CREDENTIAL_ISSUED");
    }

    @Test
    @Order(5)
    void theWorkAccountActivatesWithTheQrCodeCarolIssues() {
        assertThat(People.activateWithCarolsQr(phoneB, "alice", "contoso-work").hasCredential()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(phoneB.recovery().get("status").asText()));
        assertThat(phoneB.recovery().get("accounts").findValuesAsText("state")).containsOnly("CREDENTIAL_ISSUED");
    }

    @Test
    @Order(6)
    void personalCodesDifferBetweenThePhonesAndBothAreAccepted() {
        Instant now = Instant.now();
        String onA = phoneA.code("personal", now);
        String onB = phoneB.code("personal", now);
        assertThat(onA).isNotEqualTo(onB);
        assertThat(People.portal().verifyCode("alice", onA).get("deviceId").asText()).isEqualTo(phoneA.state().deviceId);
        assertThat(People.portal().verifyCode("alice", onB).get("deviceId").asText()).isEqualTo(phoneB.state().deviceId);
    }

    @Test
    @Order(7)
    void aPushSignInIsApprovedOnPhoneBByNumberMatching() {
        JsonNode request = People.portal().requestPush("alice", "personal", "Contoso Mail");
        List<JsonNode> pushed = phoneB.pendingSignIns();
        assertThat(pushed).extracting(p -> p.get("requestId").asText()).contains(request.get("id").asText());
        JsonNode mine = pushed.stream().filter(p -> p.get("requestId").asText().equals(request.get("id").asText())).findFirst().orElseThrow();

        phoneB.answer(mine, request.get("number").asInt(), true);

        assertThat(People.portal().status(request.get("id").asText()).get("status").asText()).isEqualTo("APPROVED");
    }

    @Test
    @Order(8)
    void aWorkSignInNamesItsTenantAndIsApprovedWithTheCredentialTheQrCodeProved() {
        JsonNode request = People.portal().requestPush("alice", "contoso-work", "contoso", "Contoso Intranet");
        assertThat(request.get("tenant").asText()).isEqualTo("contoso");
        JsonNode mine = phoneB.pendingSignIns().stream()
                .filter(p -> p.get("requestId").asText().equals(request.get("id").asText())).findFirst().orElseThrow();

        phoneB.answer(mine, request.get("number").asInt(), true);

        assertThat(People.portal().status(request.get("id").asText()).get("status").asText()).isEqualTo("APPROVED");
    }

    @Test
    @Order(9)
    void aliceIsToldByMailOfTheStartTheKeyReleaseTheRecoveryAndEachNewCredential() {
        GreenMailInbox.await("alice@example.test", mail -> mail.subject().equals("A recovery of your authenticator was started")
                && mail.body().contains(phoneB.state().deviceId), Duration.ofSeconds(30));
        GreenMailInbox.await("alice@example.test", mail -> mail.subject().equals("Your backup key was sent to a new device")
                && mail.body().contains(phoneB.state().deviceId), Duration.ofSeconds(30));
        GreenMailInbox.await("alice@example.test", mail -> mail.subject().equals("Your accounts were recovered on a new device")
                && mail.body().contains(phoneB.state().deviceId), Duration.ofSeconds(30));
        GreenMailInbox.await("alice@example.test", mail -> mail.subject().equals("A new sign-in credential was added")
                && mail.body().contains(phoneB.state().deviceId), Duration.ofSeconds(30));
    }

    @Test
    @Order(10)
    void aliceReadsTheWholeStoryInOneTimelineAndNobodyElseDoes() {
        String recovery = phoneB.recovery().get("id").asText();
        String b = phoneB.state().deviceId;
        List<JsonNode> story = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            story.clear();
            story.addAll(phoneA.activitySince(STARTED));
            return story.stream().anyMatch(entry -> "Contoso Intranet".equals(entry.at("/details/application").asText()));
        });

        assertThat(story).anySatisfy(entry -> {
            assertThat(entry.get("kind").asText()).isEqualTo("backup-stored");
            assertThat(entry.get("deviceId").asText()).isEqualTo(phoneA.state().deviceId);
            assertThat(entry.at("/details/storageAccount").asText()).isEqualTo(ICLOUD);
        });
        List<String> recoveryKinds = story.stream().filter(entry -> recovery.equals(entry.at("/details/recoveryId").asText()))
                .map(entry -> entry.get("kind").asText()).toList();
        // Newest first: the recovery's steps, from its completion back to its start.
        assertThat(recoveryKinds).containsSubsequence("recovery-completed", "credential-issued", "recovery-key-released",
                "verification-succeeded", "verification-started", "recovery-started");
        assertThat(story).anySatisfy(entry -> {
            assertThat(entry.get("kind").asText()).isEqualTo("recovery-key-released");
            assertThat(entry.get("deviceId").asText()).isEqualTo(b);
            assertThat(entry.at("/details/secondFactor").asText()).isEqualTo("email");
        });
        assertThat(story).anySatisfy(entry -> {
            assertThat(entry.get("kind").asText()).isEqualTo("push-sign-in-answered");
            assertThat(entry.get("deviceId").asText()).isEqualTo(b);
            assertThat(entry.at("/details/application").asText()).isEqualTo("Contoso Mail");
            assertThat(entry.at("/details/outcome").asText()).isEqualTo("APPROVED");
        });
        // Never a secret: no TOTP seed, no address a code went to, no key.
        String text = story.toString();
        assertThat(text).doesNotContain("JBSWY3DPEHPK3PXP", "KRSXG5CTMVRXEZLU", "alice@example.test", "wrappedKey", "sha256");

        Phone stranger = People.phone("bob", "android", People.freshStorageAccount("bob"));
        assertThat(stranger.activitySince(STARTED).toString()).doesNotContain(recovery, b, ICLOUD);
    }

    private static JsonNode find(JsonNode backups, String storageAccount) {
        for (JsonNode backup : backups) {
            if (storageAccount.equals(backup.get("storageAccount").asText())) {
                return backup;
            }
        }
        throw new AssertionError("No backup in " + storageAccount);
    }

    private static String accountState(Phone phone, String accountRef) {
        for (JsonNode account : phone.recovery().get("accounts")) {
            if (accountRef.equals(account.get("accountRef").asText())) {
                return account.get("state").asText();
            }
        }
        return null;
    }
}
