package io.authcloud.recovery;

import static io.authcloud.recovery.Recoveries.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.recovery.domain.catalogue.CatalogueEntry;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Every answer to "recover on this phone": started, or why not, each as its own clear answer. */
@QuarkusTest
@QuarkusTestResource(BackupServiceProcess.class)
class RecoveryStartTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();

    @ConfigProperty(name = "authcloud.test.backup-service-url")
    String backupService;

    @jakarta.inject.Inject
    io.authcloud.platform.outbox.OutboxRelay relay;

    @Test
    void aPhoneWithAccountsIsRefusedSoNewerDataIsNeverOverwritten() {
        start("alice", "icloud", Backups.freshAccount(), "phone-" + UUID.randomUUID(), 3).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/existing-accounts"))
                .body("detail", containsString("Remove the accounts on this device first"))
                .body("existingAccountCount", equalTo(3));
    }

    @Test
    void aBackupInTheCatalogueStartsARecoveryShowingWhatWillBeRestored() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "alice", "icloud", account, "key-7");
        String device = "phone-" + UUID.randomUUID();

        var started = start("alice", "icloud", account, device, 0).then()
                .statusCode(201)
                .body("status", equalTo("OPEN"))
                .body("deviceId", equalTo(device))
                .body("backup.provider", equalTo("icloud"))
                .body("backup.storageAccount", equalTo(account))
                .body("backup.version", equalTo(3))
                .body("backup.sizeBytes", equalTo(2048))
                .body("backup.deviceId", equalTo("phone-a"))
                .body("backup.keyId", equalTo("key-7"))
                .extract().jsonPath();
        assertThat(Instant.parse(started.getString("expiresAt"))).isAfter(Instant.now().plusSeconds(23 * 3600));

        start("alice", "icloud", account, device, 0).then()
                .statusCode(200).body("id", equalTo(started.getString("id")));
    }

    @Test
    void aBackupOnTheOtherPlatformIsNamedWithWhatToDo() {
        String owner = "dave";
        resetCatalogue(owner);
        Backups.noLiveBackups(backupService, owner);
        String icloud = Backups.freshAccount();
        Backups.stored(KAFKA, owner, "icloud", icloud, "key-1");

        start(owner, "google-drive", Backups.freshAccount(), "android-1", 0).then()
                .statusCode(409)
                .body("type", endsWith("/backup-on-other-platform"))
                .body("provider", equalTo("icloud"))
                .body("storageAccount", equalTo(icloud))
                .body("transfer.method", equalTo("POST"))
                .body("transfer.href", equalTo("/v1/backups/icloud/" + icloud + "/transfers"))
                .body("transfer.targetProvider", equalTo("google-drive"))
                .body("detail", equalTo("This backup is stored in iCloud, but this phone is Android. Move it to Google"
                        + " Drive first (POST /v1/backups/icloud/" + icloud + "/transfers, with a code we send you), then"
                        + " recover from there."));
    }

    @Test
    void aDeletedBackupIsReportedWithItsRestoreDeadline() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "alice", "icloud", account, "key-1");
        Instant deadline = Backups.deleted(KAFKA, "alice", "icloud", account);

        String reported = start("alice", "icloud", account, "phone-b", 0).then()
                .statusCode(410)
                .body("type", endsWith("/backup-deleted"))
                .body("detail", containsString("You can restore it until"))
                .extract().path("restoreDeadline");
        assertThat(Instant.parse(reported)).isEqualTo(deadline.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    @Test
    void noBackupAtAllSaysWhatToCheck() {
        resetCatalogue("dave");
        Backups.noLiveBackups(backupService, "dave");

        start("dave", "google-drive", Backups.freshAccount(), "android-1", 0).then()
                .statusCode(404)
                .body("type", endsWith("/backup-not-found"))
                .body("detail", containsString("same recovery account"))
                .body("detail", containsString("same Google Drive account"));
    }

    @Test
    void aBackupTheCatalogueHasNotHeardOfYetIsConfirmedWithBackupService() {
        String account = Backups.freshAccount();
        Backups.writtenDirectly(backupService, "bob", "icloud", account);

        start("bob", "icloud", account, "phone-" + UUID.randomUUID(), 0).then()
                .statusCode(201).body("backup.keyId", equalTo("key-direct")).body("backup.version", equalTo(1));
    }

    @Test
    void concurrentConfirmationsOfTheSameBackupDoNotCollide() throws Exception {
        String account = Backups.freshAccount();
        Backups.writtenDirectly(backupService, "bob", "icloud", account);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int phone = 0; phone < 4; phone++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return Recoveries.start("bob", "icloud", account, "phone-" + UUID.randomUUID(), 0).statusCode();
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeletionTheCatalogueHasNotHeardOfYetIsConfirmedWithBackupService() {
        String account = Backups.freshAccount();
        Backups.writtenDirectly(backupService, "bob", "google-drive", account);
        Backups.deletedDirectly(backupService, "bob", "google-drive", account);

        start("bob", "google-drive", account, "android-2", 0).then()
                .statusCode(410).body("type", endsWith("/backup-deleted"));
    }

    @Test
    void aBackupDeletedASecondAgoStartsNoRecoveryThoughTheCatalogueStillCallsItLive() {
        String account = Backups.freshAccount();
        Backups.writtenDirectly(backupService, "bob", "google-drive", account);
        String device = "android-" + UUID.randomUUID();
        start("bob", "google-drive", account, device, 0).then().statusCode(201);

        Backups.deletedDirectly(backupService, "bob", "google-drive", account);

        start("bob", "google-drive", account, "android-" + UUID.randomUUID(), 0).then()
                .statusCode(410).body("type", endsWith("/backup-deleted"));
        start("bob", "google-drive", account, device, 0).then()
                .statusCode(410).body("type", endsWith("/backup-deleted"));
    }

    @Test
    void theDevicesOpenRecoveryOfTheSameBackupIsAnsweredAgainButAPhoneHoldingAccountsNever() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "alice", "icloud", account, "key-1");
        String device = "phone-" + UUID.randomUUID();
        String id = start("alice", "icloud", account, device, 0).then().statusCode(201).extract().path("id");

        start("alice", "icloud", account, device, 0).then().statusCode(200).body("id", equalTo(id));
        start("alice", "icloud", account, device, 4).then().statusCode(409).body("type", endsWith("/existing-accounts"));
    }

    @Test
    void aStartForAnotherBackupOnAPhoneRecoveringOneNamesTheOpenRecoveryWhichCanBeCancelled() {
        String first = Backups.freshAccount();
        String second = Backups.freshAccount();
        Backups.stored(KAFKA, "alice", "icloud", first, "key-1");
        Backups.stored(KAFKA, "alice", "icloud", second, "key-2");
        String device = "phone-" + UUID.randomUUID();
        String id = start("alice", "icloud", first, device, 0).then().statusCode(201).extract().path("id");

        start("alice", "icloud", second, device, 0).then()
                .statusCode(409)
                .body("type", endsWith("/recovery-in-progress"))
                .body("recoveryId", equalTo(id))
                .body("storageAccount", equalTo(first));

        io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.password("alice")).delete("/v1/recoveries/" + id)
                .then().statusCode(401).body("type", endsWith("/step-up-required"));
        Recoveries.read("alice", id).then().body("status", equalTo("OPEN"));
        cancel("alice", id).then().statusCode(204);
        cancel("alice", id).then().statusCode(204);
        Recoveries.read("alice", id).then().body("status", equalTo("CANCELLED")).body("keyRelease.state", equalTo("CLOSED"));
        start("alice", "icloud", second, device, 0).then().statusCode(201).body("id", org.hamcrest.Matchers.not(id));
    }

    @Test
    void aPhoneThatHoldsThePersonsCredentialsIsNotANewPhoneToRecoverOn() {
        io.authcloud.testing.KeycloakPeople.Person person = io.authcloud.testing.KeycloakPeople.create("device-in-use");
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, person.username(), "icloud", account, "key-1");
        String probe = Recoveries.startOk(person.username(), "icloud", account);
        String theirPhone = "phone-" + UUID.randomUUID();
        UUID credential = UUID.randomUUID();
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), credential, person.sub(), null, "personal",
                theirPhone, UUID.randomUUID(), null);
        awaitMethods(person.username(), probe, java.util.List.of("email", "device"));

        start(person.username(), "icloud", account, theirPhone, 0).then()
                .statusCode(409).body("type", endsWith("/device-in-use")).body("deviceId", equalTo(theirPhone));
        // Revoked, it is still theirs (a thief must not revoke it, then name it); the same id of another
        // person is a new phone.
        SagaEvents.credentialRevoked(KAFKA, person.sub(), credential, theirPhone);
        awaitMethods(person.username(), probe, java.util.List.of("email"));
        start(person.username(), "icloud", account, theirPhone, 0).then().statusCode(409).body("type", endsWith("/device-in-use"));
        Backups.stored(KAFKA, "bob", "icloud", account, "key-1");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> start("bob", "icloud", account, theirPhone, 0).statusCode() == 201);
    }

    @Test
    void thePhoneThatWroteTheBackupIsNotANewPhoneEither() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "alice", "icloud", account, "key-1");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> start("alice", "icloud", account, "phone-" + UUID.randomUUID(), 0).statusCode() == 201);
        start("alice", "icloud", account, Backups.WRITER, 0).then().statusCode(409).body("type", endsWith("/device-in-use"));
    }

    private static void awaitMethods(String user, String recoveryId, java.util.List<String> methods) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                methods.equals(Recoveries.read(user, recoveryId).jsonPath().getList("keyRelease.methods")));
    }

    @Test
    void onlyTheOwnerCancelsAndAFinishedRecoveryStaysFinished() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "alice", "icloud", account, "key-1");
        String id = Recoveries.startOk("alice", "icloud", account);
        cancel("bob", id).then().statusCode(404);
        Recoveries.read("alice", id).then().body("status", equalTo("OPEN"));
        Recoveries.declare("alice", id, java.util.List.of()).then().body("status", equalTo("COMPLETED"));
        cancel("alice", id).then().statusCode(409).body("type", endsWith("/recovery-closed"));
    }

    @Test
    void thisWasntMeCancelsEveryOpenRecoveryOfThePersonWithItsEvent() throws Exception {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "bob", "icloud", account, "key-1");
        String one = Recoveries.startOk("bob", "icloud", account);
        String other = Recoveries.startOk("bob", "icloud", account);
        Backups.stored(KAFKA, "alice", "icloud", account, "key-1");
        String alices = Recoveries.startOk("alice", "icloud", account);
        try (io.authcloud.testing.KafkaTap events = io.authcloud.testing.KafkaTap.open("recovery-events")) {
            SagaEvents.notMeReported(KAFKA, KeycloakTokens.subject("bob"), UUID.fromString(one), "phone-of-the-thief");
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "CANCELLED".equals(Recoveries.read("bob", one).jsonPath().getString("status"))
                            && "CANCELLED".equals(Recoveries.read("bob", other).jsonPath().getString("status")));
            relay.publishPending().await().atMost(Duration.ofSeconds(30));
            var cancelled = events.await(r -> ("recoveries/" + other).equals(r.header("ce_subject"))
                    && r.ceType().endsWith("RecoveryCancelled"), Duration.ofSeconds(30));
            var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cancelled.value());
            java.util.Set<String> fields = new java.util.HashSet<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(io.authcloud.testing.EventCatalogue.load().fieldsOf(cancelled.ceType()));
            assertThat(body.get("reason").asText()).isEqualTo("reported by the owner: this wasn't me");
        }
        Recoveries.read("alice", alices).then().body("status", equalTo("OPEN"));
        io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.signIn("bob")).get("/v1/recoveries/" + one + "/key")
                .then().statusCode(409).body("type", endsWith("/recovery-closed"));
    }

    @Test
    void malformedRequestsAre400AndThePlatformMustBeTheProviders() {
        io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.password("alice")).contentType("application/json")
                .body(Map.of("provider", "icloud", "storageAccount", "a", "deviceId", "d", "platform", "android",
                        "existingAccountCount", 0, "devicePublicKey", PhoneKeys.publicJwk("d")))
                .post("/v1/recoveries").then().statusCode(400).body("errors[0].field", equalTo("platform"));
        Map<String, Object> withPrivatePart = new java.util.HashMap<>(PhoneKeys.publicJwk("d"));
        withPrivatePart.put("d", "AAAA");
        for (Map<String, Object> bad : java.util.List.of(withPrivatePart, Map.<String, Object>of("kty", "RSA", "n", "x", "e", "AQAB"))) {
            io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.password("alice")).contentType("application/json")
                    .body(Map.of("provider", "icloud", "storageAccount", "a", "deviceId", "d", "platform", "ios",
                            "existingAccountCount", 0, "devicePublicKey", bad))
                    .post("/v1/recoveries").then().statusCode(400).body("errors[0].field", equalTo("devicePublicKey"));
        }
        io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.password("alice")).contentType("application/json")
                .body(Map.of("provider", "dropbox", "storageAccount", "a b", "deviceId", "d", "platform", "ios"))
                .post("/v1/recoveries").then().statusCode(400).body("type", endsWith("/invalid-request"));
    }

    @Test
    void anotherPersonsRecoveryIsNotFoundAndTenantAdminsHaveNone() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "alice", "icloud", account, "key-1");
        String id = Recoveries.startOk("alice", "icloud", account);
        Recoveries.read("bob", id).then().statusCode(404);
        Recoveries.declare("bob", id, java.util.List.of()).then().statusCode(404);
        io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.password("bob")).get("/v1/recoveries/" + id + "/key")
                .then().statusCode(401);
        Recoveries.read("carol", id).then().statusCode(403);
        Recoveries.read("alice", id).then().statusCode(200);
    }

    @Test
    void meShowsThePersonAndTheirOpenRecoveries() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "alice", "icloud", account, "key-1");
        String id = Recoveries.startOk("alice", "icloud", account);
        io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/me").then()
                .statusCode(200)
                .body("username", equalTo("alice"))
                .body("email", equalTo("alice@example.test"))
                .body("roles", org.hamcrest.Matchers.hasItem("user"))
                .body("openRecoveries.id", org.hamcrest.Matchers.hasItem(id));
    }

    private static io.restassured.response.Response cancel(String user, String id) {
        return io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.signIn(user)).delete("/v1/recoveries/" + id);
    }

    /** Forgets what the catalogue knows of a person, so only this test's backups count for them. */
    static void resetCatalogue(String user) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                    CatalogueEntry.delete("owner", KeycloakTokens.subject(user))));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
