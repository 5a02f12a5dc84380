package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.Account;
import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.TransferOffer;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person moves from an iPhone to Android, step by step, on the running stack: the Android phone's recovery
 * is refused with the way out, the phone asks to move the iCloud backup to its Google Drive, nobody else can
 * follow or allow the move, the person's own code allows it, and the Android phone recovers from there.
 * The person is made for this test, so the backup the refusal names is theirs alone.
 */
@ExtendWith(RunningStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MoveToAnotherPlatformTest {

    private static final String CHIRP = "otpauth://totp/Chirp:mover?secret=JBSWY3DPEHPK3PXP&issuer=Chirp";
    private static final String SHELF = "otpauth://totp/Shelf:mover%40mail?secret=KRSXG5CTMVRXEZLU&issuer=Shelf";
    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant STARTED = Instant.now().minusSeconds(5);

    private static KeycloakPeople.Person person;
    private static String icloud;
    private static String googleDrive;
    private static Phone iphone;
    private static Phone android;
    private static int sourceVersion;
    private static JsonNode transfer;

    @BeforeAll
    static void aPersonOfTheirOwn() {
        person = KeycloakPeople.create("mover");
        icloud = People.freshStorageAccount(person.username());
        googleDrive = People.freshStorageAccount(person.username());
    }

    @Test
    @Order(1)
    void theIphoneBacksUpToIcloudAndEscrowsItsKey() {
        iphone = phone("ios", icloud);
        iphone.addThirdParty(CHIRP);
        iphone.addThirdParty(SHELF);

        sourceVersion = iphone.backup().get("version").asInt();

        assertThat(iphone.state().backupKeyId).isNotNull();
        assertThat(find(iphone.backups(), "icloud", icloud).get("platform").asText()).isEqualTo("ios");
    }

    @Test
    @Order(2)
    void theAndroidPhonesRecoveryIsRefusedWithTheWayToMoveTheBackup() {
        android = phone("android", googleDrive);

        ApiProblem problem = refused("backup-on-other-platform", 409, android::startRecovery);

        assertThat(problem.body().get("provider").asText()).isEqualTo("icloud");
        assertThat(problem.body().get("storageAccount").asText()).isEqualTo(icloud);
        assertThat(TransferOffer.of(problem)).hasValueSatisfying(offer -> {
            assertThat(offer.method()).isEqualTo("POST");
            assertThat(offer.href()).isEqualTo("/v1/backups/icloud/" + icloud + "/transfers");
            assertThat(offer.targetProvider()).isEqualTo("google-drive");
        });
    }

    @Test
    @Order(3)
    void theAndroidPhoneAsksToMoveTheBackupAndIsToldToProveASecondFactor() {
        String deviceId = android.state().deviceId;
        Http.Response asked = android.api().post("/v1/backups/icloud/" + icloud + "/transfers",
                Map.of("targetProvider", "google-drive", "targetStorageAccount", googleDrive, "deviceId", deviceId));
        transfer = asked.body();

        assertThat(asked.status()).isEqualTo(201);
        assertThat(transfer.get("state").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
        assertThat(transfer.at("/source/provider").asText()).isEqualTo("icloud");
        assertThat(transfer.at("/source/storageAccount").asText()).isEqualTo(icloud);
        assertThat(transfer.at("/source/version").asInt()).isEqualTo(sourceVersion);
        assertThat(transfer.at("/source/keyId").asText()).isEqualTo(iphone.state().backupKeyId);
        assertThat(transfer.at("/target/provider").asText()).isEqualTo("google-drive");
        assertThat(transfer.at("/target/storageAccount").asText()).isEqualTo(googleDrive);
        assertThat(unset(transfer.at("/target/version"))).isTrue();
        assertThat(transfer.get("deviceId").asText()).isEqualTo(deviceId);
        assertThat(unset(transfer.path("completedAt"))).isTrue();
        assertThat(unset(transfer.path("failure"))).isTrue();
        assertThat(Instant.parse(transfer.get("expiresAt").asText())).isAfter(Instant.parse(transfer.get("createdAt").asText()));
        assertThat(transfer.at("/secondFactor/purpose").asText()).isEqualTo("transfer");
        assertThat(transfer.at("/secondFactor/transferId").asText()).isEqualTo(id());
        assertThat(transfer.at("/secondFactor/deviceId").asText()).isEqualTo(deviceId);

        // Asking again (the app restarted, say) answers the same open transfer.
        JsonNode again = android.requestTransfer("icloud", icloud, "google-drive", googleDrive);
        assertThat(again.get("id").asText()).isEqualTo(id());
        assertThat(android.currentTransfer(transfer).get("state").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
    }

    @Test
    @Order(4)
    void nobodyElseFollowsOrAsksForTheMove() {
        KeycloakPeople.Person other = KeycloakPeople.create("other-mover");
        Http stranger = new Http(GATEWAY, () -> KeycloakTokens.signIn(other.username()));
        refused("not-found", 404, () -> stranger.get(transferPath()));
        refused("backup-not-found", 404, () -> stranger.post("/v1/backups/icloud/" + icloud + "/transfers", Map.of(
                "targetProvider", "google-drive", "targetStorageAccount", googleDrive, "deviceId", android.state().deviceId)));

        Http tenantAdmin = new Http(GATEWAY, () -> KeycloakTokens.signIn("carol"));
        refused("forbidden", 403, () -> tenantAdmin.get(transferPath()));
        refused("forbidden", 403, () -> tenantAdmin.post("/v1/backups/icloud/" + icloud + "/transfers", Map.of(
                "targetProvider", "google-drive", "targetStorageAccount", googleDrive, "deviceId", "admins-phone")));

        assertThat(android.currentTransfer(transfer).get("state").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
    }

    @Test
    @Order(5)
    void aStolenAccessTokenWithoutARecentSignInMovesNothing() {
        Http stolen = new Http(GATEWAY, () -> KeycloakTokens.password(person.username()));

        ApiProblem stepUp = refused("step-up-required", 401, () -> stolen.post("/v1/backups/icloud/" + icloud + "/transfers",
                Map.of("targetProvider", "google-drive", "targetStorageAccount", People.freshStorageAccount("thief"),
                        "deviceId", "thiefs-phone")));

        assertThat(stepUp.header("WWW-Authenticate")).contains("insufficient_user_authentication");
        assertThat(android.currentTransfer(transfer).get("state").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
    }

    @Test
    @Order(6)
    void aMoveNeverOverwritesALiveBackupAndTheRefusalReplacesNothing() {
        String taken = People.freshStorageAccount(person.username());
        Phone otherAndroid = phone("android", taken);
        otherAndroid.addThirdParty(CHIRP);
        otherAndroid.backup();

        refused("transfer-target-in-use", 409, () -> android.requestTransfer("icloud", icloud, "google-drive", taken));

        assertThat(android.currentTransfer(transfer).get("state").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
    }

    @Test
    @Order(7)
    void anotherPersonsVerificationNamingTheTransferAllowsNothing() {
        KeycloakPeople.Person other = KeycloakPeople.create("other-prover");
        Phone imposter = Phone.create(People.PHONES.resolve(other.username() + "-" + UUID.randomUUID()), RunningStack.ENDPOINTS,
                "android", People.freshStorageAccount(other.username()));
        imposter.signIn(other.username(), other.password(), false);
        // The worst case: the other person names the very phone the transfer names, and proves their own code.
        imposter.state().deviceId = android.state().deviceId;
        int seen = People.MAILBOX.count(other.email());

        JsonNode verified = imposter.proveTransferByCode(id(), "email",
                started -> People.MAILBOX.awaitCode(other.email(), seen, WAIT));

        assertThat(verified.get("status").asText()).isEqualTo("VERIFIED");
        // The proof travels by event: give it the time the owner's own proof takes, and more.
        Awaitility.await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "SECOND_FACTOR_REQUIRED".equals(android.currentTransfer(transfer).get("state").asText()));
        refused("backup-not-found", 404, () -> android.api().get("/v1/backups/google-drive/" + googleDrive));
    }

    @Test
    @Order(8)
    void theOwnersCodeOnTheAndroidPhoneCompletesTheMove() {
        int seen = People.MAILBOX.count(person.email());

        JsonNode verified = android.proveTransferByCode(id(), "email", started -> {
            assertThat(started.get("purpose").asText()).isEqualTo("transfer");
            return People.MAILBOX.awaitCode(person.email(), seen, WAIT);
        });
        assertThat(verified.get("status").asText()).isEqualTo("VERIFIED");
        GreenMailInbox.await(person.email(), mail -> mail.subject().equals("Your code to move your authenticator backup"), WAIT);

        transfer = android.awaitTransfer(transfer, Duration.ofSeconds(60));

        assertThat(transfer.get("state").asText()).as("failure: %s", transfer.get("failure")).isEqualTo("COMPLETED");
        assertThat(transfer.at("/target/version").asInt()).isPositive();
        assertThat(unset(transfer.path("completedAt"))).isFalse();
        assertThat(unset(transfer.path("failure"))).isTrue();
    }

    @Test
    @Order(9)
    void theBackupIsNowInBothPlacesByteForByte() {
        JsonNode backups = android.backups();
        JsonNode source = find(backups, "icloud", icloud);
        JsonNode target = find(backups, "google-drive", googleDrive);
        assertThat(source.get("platform").asText()).isEqualTo("ios");
        assertThat(source.get("deleted").asBoolean()).isFalse();
        assertThat(target.get("platform").asText()).isEqualTo("android");
        assertThat(target.get("version").asInt()).isEqualTo(transfer.at("/target/version").asInt());

        JsonNode copied = android.api().get("/v1/backups/google-drive/" + googleDrive).body();
        JsonNode original = android.api().get("/v1/backups/icloud/" + icloud + "/versions/" + sourceVersion).body();
        assertThat(copied.get("ciphertext").asText()).isEqualTo(original.get("ciphertext").asText());
        assertThat(copied.get("keyId").asText()).isEqualTo(original.get("keyId").asText()).isEqualTo(iphone.state().backupKeyId);
    }

    @Test
    @Order(10)
    void theAndroidPhoneRecoversFromGoogleDriveWithACodeAndHasEveryAccountInOrder() {
        JsonNode started = android.startRecovery();
        assertThat(started.at("/backup/provider").asText()).isEqualTo("google-drive");
        assertThat(started.at("/backup/keyId").asText()).isEqualTo(iphone.state().backupKeyId);
        assertThat(started.at("/keyRelease/state").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");

        People.proveKeyReleaseByEmail(android, person.email());
        android.restore();

        assertThat(android.state().accounts).extracting(Account::label)
                .containsExactlyElementsOf(iphone.state().accounts.stream().map(Account::label).toList());
        Instant now = Instant.now();
        assertThat(android.code("Chirp: mover", now)).isEqualTo(iphone.code("Chirp: mover", now));
    }

    @Test
    @Order(11)
    void thePersonIsToldByMailAndReadsTheMoveInTheirTimeline() {
        GreenMailInbox.await(person.email(), mail -> mail.subject().equals("Your authenticator backup was moved"), WAIT);

        List<JsonNode> story = new ArrayList<>();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            story.clear();
            story.addAll(android.activitySince(STARTED));
            List<String> kinds = story.stream().map(entry -> entry.get("kind").asText()).toList();
            return kinds.contains("backup-transfer-requested") && kinds.contains("backup-transferred");
        });
        // Never a secret: no TOTP seed, no address the code went to, no ciphertext.
        assertThat(story.toString()).doesNotContain("JBSWY3DPEHPK3PXP", "KRSXG5CTMVRXEZLU", person.email(), "ciphertext");
    }

    private static Phone phone(String platform, String storageAccount) {
        Phone phone = Phone.create(People.PHONES.resolve(person.username() + "-" + UUID.randomUUID()), RunningStack.ENDPOINTS,
                platform, storageAccount);
        phone.signIn(person.username(), person.password(), false);
        return phone;
    }

    private static boolean unset(JsonNode value) {
        return value.isNull() || value.isMissingNode();
    }

    private static String id() {
        return transfer.get("id").asText();
    }

    private static String transferPath() {
        return "/v1/backups/icloud/" + icloud + "/transfers/" + id();
    }

    private static JsonNode find(JsonNode backups, String provider, String storageAccount) {
        for (JsonNode backup : backups) {
            if (provider.equals(backup.get("provider").asText()) && storageAccount.equals(backup.get("storageAccount").asText())) {
                return backup;
            }
        }
        throw new AssertionError("No backup in " + provider + "/" + storageAccount);
    }
}
