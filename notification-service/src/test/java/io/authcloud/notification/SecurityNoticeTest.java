package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople.Person;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.LocalStack;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A recovery's start, key release and completion, and every new credential are mailed to the person with a
 * "this wasn't me" link (a recovery's start is pushed to their other phones too); escrowed keys and deleted
 * backups are mailed as plain notices. Tests that follow a link use a person of their own: it signs them out.
 */
@QuarkusTest
class SecurityNoticeTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:8080/v1/push-credentials/not-me#token=([A-Za-z0-9_-]+)");

    @Inject
    OutboxRelay relay;

    @Test
    void aRecoveryIsNoticedByMailAndThisWasntMeRevokesWhatItCreated() {
        Person person = KeycloakPeople.create("recovered");
        UUID recovery = UUID.randomUUID();
        Phone intruder = phoneOf(person);
        String first = Credentials.issue(KAFKA, intruder, "personal-" + UUID.randomUUID(), "email", recovery).getString("id");
        String second = Credentials.issue(KAFKA, intruder, "contoso-" + UUID.randomUUID(), "qr", recovery).getString("id");
        String untouched = Credentials.issue(KAFKA, phoneOf(person), "personal-" + UUID.randomUUID(), "email", null).getString("id");

        Events.recoveryCompleted(KAFKA, person.sub(), recovery, intruder.deviceId);
        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("Your accounts were recovered on a new device") && m.body().contains(intruder.deviceId), WAIT);
        assertThat(mail.body()).contains("android").contains("UTC");

        String token = token(mail);
        given().get("/v1/push-credentials/not-me").then()
                .statusCode(200).contentType(containsString("text/html")).body(containsString("Revoke"))
                .body(containsString("location.hash"));
        given().contentType("application/json").body(Map.of("token", token)).post("/v1/push-credentials/not-me").then()
                .statusCode(200).body("revoked", equalTo(2));

        assertThat(status(person, first)).isEqualTo("REVOKED");
        assertThat(status(person, second)).isEqualTo("REVOKED");
        assertThat(status(person, untouched)).isEqualTo("ACTIVE");
        given().contentType("application/json").body(Map.of("token", token)).post("/v1/push-credentials/not-me").then()
                .statusCode(404);
    }

    @Test
    void aNewCredentialIsNoticedByMailWithItsDeviceAndPlatform() {
        Person person = KeycloakPeople.create("new-credential");
        Phone phone = phoneOf(person);
        phone.register("ios", "apns").then().statusCode(201);
        String account = "personal-" + UUID.randomUUID();
        String id = Credentials.issue(KAFKA, phone, account, "sms", null).getString("id");
        relay.publishPending().await().atMost(WAIT);

        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("A new sign-in credential was added") && m.body().contains(account), WAIT);
        assertThat(mail.body()).contains(phone.deviceId).contains("(ios)");

        given().contentType("application/json").body(Map.of("token", token(mail))).post("/v1/push-credentials/not-me").then()
                .statusCode(200).body("revoked", equalTo(1));
        assertThat(status(person, id)).isEqualTo("REVOKED");
    }

    @Test
    void theKeyReleaseIsNoticedAndThisWasntMeRevokesTheDevicesCredentialsAndRefusesMore() {
        Person person = KeycloakPeople.create("key-released");
        UUID recovery = UUID.randomUUID();
        Phone intruder = phoneOf(person);
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String byActivationCode = Credentials.issue(KAFKA, intruder, "contoso-" + UUID.randomUUID(), "qr", null).getString("id");

        Events.recoveryKeyReleased(KAFKA, person.sub(), recovery, intruder.deviceId, startedAt);
        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("Your backup key was sent to a new device") && m.body().contains(intruder.deviceId), WAIT);
        assertThat(mail.body()).contains("(ios)").contains("UTC");
        given().contentType("application/json").body(Map.of("token", token(mail))).post("/v1/push-credentials/not-me").then()
                .statusCode(200).body("revoked", equalTo(1));
        assertThat(status(person, byActivationCode)).isEqualTo("REVOKED");

        String account = "personal-" + UUID.randomUUID();
        UUID verification = Events.verificationSucceeded(KAFKA, person.sub(), account, intruder.deviceId, "email", recovery);
        Response[] last = new Response[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = intruder.requestCredential(verification, account);
            return !last[0].asString().contains("verification-pending");
        });
        last[0].then().statusCode(403).body("type", containsString("/forbidden"))
                .body("detail", containsString("wasn't me"));
    }

    @Test
    void aThiefsPhoneDisownedThroughItsCredentialsNoticeGetsNoCredentialAgain() {
        Person person = KeycloakPeople.create("thief-phone");
        Phone thief = phoneOf(person);
        String account = "personal-" + UUID.randomUUID();
        String id = Credentials.issue(KAFKA, thief, account, "email", null).getString("id");
        relay.publishPending().await().atMost(WAIT);
        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("A new sign-in credential was added") && m.body().contains(account), WAIT);

        given().contentType("application/json").body(Map.of("token", token(mail))).post("/v1/push-credentials/not-me").then()
                .statusCode(200).body("revoked", equalTo(1));

        assertThat(status(person, id)).isEqualTo("REVOKED");
        awaitAnswer(thief, Events.verificationSucceeded(KAFKA, person.sub(), account, thief.deviceId, "email", null), account)
                .then().statusCode(403).body("type", containsString("/forbidden")).body("detail", containsString("wasn't me"));
    }

    @Test
    void thePersonsOwnPhoneNamedByAThiefStaysUsableAfterThisWasntMe() {
        Person person = KeycloakPeople.create("own-phone-named");
        Phone own = phoneOf(person);
        Credentials.issue(KAFKA, own, "personal-" + UUID.randomUUID(), "email", null);
        UUID recovery = UUID.randomUUID();
        Instant startedAt = Instant.now().plusMillis(1).truncatedTo(ChronoUnit.MILLIS);

        // A thief's recovery names the person's own phone as the one that received the key.
        Events.recoveryKeyReleased(KAFKA, person.sub(), recovery, own.deviceId, startedAt);
        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("Your backup key was sent to a new device") && m.body().contains(own.deviceId), WAIT);
        given().contentType("application/json").body(Map.of("token", token(mail))).post("/v1/push-credentials/not-me").then()
                .statusCode(200);

        String account = "personal-" + UUID.randomUUID();
        awaitAnswer(own, Events.verificationSucceeded(KAFKA, person.sub(), account, own.deviceId, "email", null), account)
                .then().statusCode(201).body("status", equalTo("ACTIVE")).body("deviceId", equalTo(own.deviceId));
    }

    @Test
    void aRecoveryStartIsMailedAndPushedToThePersonsOtherPhonesAtOnce() {
        Person person = KeycloakPeople.create("recovery-started");
        Phone own = phoneOf(person);
        own.register("android", "fcm").then().statusCode(201);
        Credentials.issue(KAFKA, own, "personal-" + UUID.randomUUID(), "email", null);
        Phone registeredOnly = phoneOf(person);
        registeredOnly.register("android", "fcm").then().statusCode(201);
        Phone recovering = phoneOf(person);
        recovering.register("ios", "apns").then().statusCode(201);
        UUID recovery = UUID.randomUUID();

        Events.recoveryStarted(KAFKA, person.sub(), recovery, recovering.deviceId, Instant.now());

        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("A recovery of your authenticator was started"), WAIT);
        assertThat(mail.body()).contains(recovering.deviceId).contains("(ios)").contains("UTC").contains("iCloud")
                .contains("storage-" + recovery).contains("with a code").contains("from another phone");
        assertThat(LINK.matcher(mail.body()).find()).isTrue();
        List<Map<String, Object>> pushes = own.notifications().then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(pushes).hasSize(1);
        assertThat(pushes.get(0).get("kind")).isEqualTo("security-notice");
        @SuppressWarnings("unchecked")
        Map<String, Object> push = (Map<String, Object>) pushes.get(0).get("push");
        assertThat(push.get("title")).isEqualTo("A recovery of your authenticator was started");
        assertThat((String) push.get("body")).contains("an iPhone").contains(recovering.deviceId);
        assertThat(recovering.notifications().then().extract().jsonPath().getList("$")).isEmpty();
        assertThat(registeredOnly.notifications().then().extract().jsonPath().getList("$")).isEmpty();
    }

    @Test
    void aCredentialOfARecoveryIsNoticedWithTheRecoverysStartAsItsSince() {
        Person person = KeycloakPeople.create("recovery-credential");
        Phone intruder = phoneOf(person);
        UUID recovery = UUID.randomUUID();
        Instant startedAt = Instant.now().plusMillis(1).truncatedTo(ChronoUnit.MILLIS);
        Events.recoveryStarted(KAFKA, person.sub(), recovery, intruder.deviceId, startedAt);
        GreenMailInbox.await(person.email(), m -> m.subject().equals("A recovery of your authenticator was started"), WAIT);
        String account = "personal-" + UUID.randomUUID();
        Credentials.issue(KAFKA, intruder, account, "email", recovery);
        relay.publishPending().await().atMost(WAIT);

        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("A new sign-in credential was added") && m.body().contains(account), WAIT);
        assertThat(mail.body()).contains("since its recovery started");
        String since = given().contentType("application/json").body(Map.of("token", token(mail)))
                .post("/v1/push-credentials/not-me").then().statusCode(200).body("revoked", equalTo(1))
                .extract().path("since");
        assertThat(Instant.parse(since)).isEqualTo(startedAt);
    }

    @Test
    void thisWasntMeRevokesEverythingIssuedSinceTheRecoveryStartedAndSignsThePersonOut() throws Exception {
        EventCatalogue catalogue = EventCatalogue.load();
        Person person = KeycloakPeople.create("not-me");
        KeycloakTokens.TokenResponse signedIn = KeycloakTokens.authorizationCode(person.username(), person.password());
        Phone own = phoneOf(person);
        String before = Credentials.issue(KAFKA, own, "personal-" + UUID.randomUUID(), "email", null).getString("id");
        UUID recovery = UUID.randomUUID();
        Phone intruder = phoneOf(person);
        Instant startedAt = Instant.now().plusMillis(1).truncatedTo(ChronoUnit.MILLIS);
        Events.recoveryStarted(KAFKA, person.sub(), recovery, intruder.deviceId, startedAt);
        GreenMailInbox.Mail started = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("A recovery of your authenticator was started"), WAIT);
        String byRecovery = Credentials.issue(KAFKA, intruder, "personal-" + UUID.randomUUID(), "email", recovery).getString("id");
        String elsewhere = Credentials.issue(KAFKA, phoneOf(person), "contoso-" + UUID.randomUUID(), "qr", null).getString("id");

        try (KafkaTap events = KafkaTap.open("credential-events")) {
            JsonPath answer = given().contentType("application/json").body(Map.of("token", token(started)))
                    .post("/v1/push-credentials/not-me").then().statusCode(200).extract().jsonPath();
            assertThat(answer.getInt("revoked")).isEqualTo(2);
            assertThat(Instant.parse(answer.getString("since"))).isEqualTo(startedAt);
            assertThat(answer.getString("signOut")).isEqualTo("requested");
            assertThat(answer.getString("message")).contains("Change your password now");
            assertThat(status(person, before)).isEqualTo("ACTIVE");
            assertThat(status(person, byRecovery)).isEqualTo("REVOKED");
            assertThat(status(person, elsewhere)).isEqualTo("REVOKED");

            relay.publishPending().await().atMost(WAIT);
            KafkaTap.Record reported = events.await(r -> "io.authcloud.notification.NotMeReported".equals(r.ceType())
                    && person.sub().equals(r.key()), WAIT);
            Map<String, Object> body = new ObjectMapper().readValue(reported.value(), Map.class);
            assertThat(body.keySet()).isEqualTo(catalogue.fieldsOf(reported.ceType()));
            assertThat(reported.header("ce_subject")).isEqualTo("security-notices/" + body.get("noticeId"));
            assertThat(body).containsEntry("owner", person.sub()).containsEntry("recoveryId", recovery.toString())
                    .containsEntry("deviceId", intruder.deviceId).containsEntry("credentialsRevoked", 2);
            assertThat(Instant.parse((String) body.get("since"))).isEqualTo(startedAt);
        }

        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> KeycloakPeople.sessions(person) == 0);
        assertThat(refresh(signedIn.refreshToken())).isEqualTo(400);
        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("You were signed out everywhere: change your password now"), WAIT);
        assertThat(mail.body()).contains("revoked 2 sign-in credentials").contains("Change your password now");
    }

    @Test
    void aReportForSomeoneWhoNoLongerExistsEndsQuietlyWithoutADeadLetter() {
        String gone = UUID.randomUUID().toString();
        try (KafkaTap dlq = KafkaTap.open("credential-events-dlq")) {
            String id = KAFKA.publish("credential-events", gone, "io.authcloud.notification.NotMeReported",
                    "/authcloud/notification-service", "security-notices/" + UUID.randomUUID(), Events.json(Map.of(
                            "noticeId", UUID.randomUUID().toString(), "owner", gone, "since", Instant.now().toString(),
                            "credentialsRevoked", 0, "reportedAt", Instant.now().toString())));
            // A marker after it on the same partition (same key): once the marker is handled, so was the report.
            String storageAccount = "storage-" + UUID.randomUUID();
            KAFKA.publish("credential-events", gone, "io.authcloud.notification.SignInCodesFailing",
                    "/authcloud/notification-service", "people/" + gone, Events.json(Map.of("owner", gone, "limit", "window",
                            "failures", 10, "detectedAt", Instant.now().toString())));
            Events.backupDeleted(KAFKA, KeycloakTokens.subject("alice"), storageAccount, Instant.now().plusSeconds(60));
            GreenMailInbox.await("alice@example.test",
                    m -> m.subject().equals("Your authenticator backup was deleted") && m.body().contains(storageAccount), WAIT);
            assertThat(dlq.drain(Duration.ofSeconds(2))).extracting(KafkaTap.Record::ceId).doesNotContain(id);
        }
    }

    @Test
    void anEscrowedOrReplacedKeyIsMailedAsAPlainNotice() {
        String storageAccount = "storage-" + UUID.randomUUID();
        Events.recoveryKeyEscrowed(KAFKA, KeycloakTokens.subject("alice"), storageAccount, "key-7", false);
        Events.recoveryKeyEscrowed(KAFKA, KeycloakTokens.subject("alice"), storageAccount, "key-7", true);

        GreenMailInbox.Mail escrowed = GreenMailInbox.await("alice@example.test",
                m -> m.subject().equals("A backup key was escrowed") && m.body().contains(storageAccount), WAIT);
        assertThat(escrowed.body()).contains("A backup key was escrowed for your backup in iCloud, storage account " + storageAccount)
                .contains("key-7").contains("change your password").doesNotContain("not-me");
        GreenMailInbox.Mail replaced = GreenMailInbox.await("alice@example.test",
                m -> m.subject().equals("Your backup key was replaced") && m.body().contains(storageAccount), WAIT);
        assertThat(replaced.body()).contains("was replaced").contains("change your password").doesNotContain("not-me");
    }

    @Test
    void aMovedBackupIsMailedWithWhereFromWhereToAndTheAskingPhone() {
        String storageAccount = "storage-" + UUID.randomUUID();
        Events.backupTransferred(KAFKA, KeycloakTokens.subject("alice"), storageAccount, "drive-1");

        GreenMailInbox.Mail mail = GreenMailInbox.await("alice@example.test",
                m -> m.subject().equals("Your authenticator backup was moved") && m.body().contains(storageAccount), WAIT);
        assertThat(mail.body()).contains("iCloud").contains("was copied to Google Drive, storage account drive-1")
                .contains("4 Mar 2031, 05:06 UTC").contains("device pixel-9").contains("change your password now");
    }

    @Test
    void aDeletedBackupIsMailedWithItsRestoreDeadline() {
        String storageAccount = "storage-" + UUID.randomUUID();
        Instant deadline = Instant.parse("2031-03-04T05:06:07Z");
        Events.backupDeleted(KAFKA, KeycloakTokens.subject("alice"), storageAccount, deadline);

        GreenMailInbox.Mail mail = GreenMailInbox.await("alice@example.test",
                m -> m.subject().equals("Your authenticator backup was deleted") && m.body().contains(storageAccount), WAIT);
        assertThat(mail.body()).contains("Google Drive").contains("restore it from the app until 4 Mar 2031, 05:06 UTC")
                .contains("restore it and change your password").doesNotContain("not-me");
    }

    @Test
    void noticesForPeopleWhoNoLongerExistAreSkippedAndDoNotStopTheNextOnes() {
        // Enough unknown people to open the directory's circuit breaker, were a 404 counted as a failure.
        try (KafkaTap dlq = KafkaTap.open("backup-events-dlq")) {
            for (int i = 0; i < 12; i++) {
                Events.backupDeleted(KAFKA, UUID.randomUUID().toString(), "storage-gone-" + i, Instant.now().plusSeconds(60));
            }
            String storageAccount = "storage-" + UUID.randomUUID();
            Events.backupDeleted(KAFKA, KeycloakTokens.subject("alice"), storageAccount, Instant.now().plusSeconds(60));

            GreenMailInbox.await("alice@example.test",
                    m -> m.subject().equals("Your authenticator backup was deleted") && m.body().contains(storageAccount), WAIT);
            assertThat(dlq.drain(Duration.ofSeconds(1))).isEmpty();
        }
    }

    @Test
    void anUnknownTokenRevokesNothing() {
        given().contentType("application/json").body(Map.of("token", "made-up-token")).post("/v1/push-credentials/not-me")
                .then().statusCode(404).body("type", containsString("/not-found"));
        given().contentType("application/json").body(Map.of()).post("/v1/push-credentials/not-me").then().statusCode(400);
    }

    /** The first answer to a credential request once the grant has arrived (not 409 verification-pending). */
    private static Response awaitAnswer(Phone phone, UUID verification, String account) {
        Response[] last = new Response[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = phone.requestCredential(verification, account);
            return !last[0].asString().contains("verification-pending");
        });
        return last[0];
    }

    private static String token(GreenMailInbox.Mail mail) {
        Matcher link = LINK.matcher(mail.body());
        assertThat(link.find()).as("the mail has a this-wasn't-me link").isTrue();
        return link.group(1);
    }

    private static Phone phoneOf(Person person) {
        return Phone.of(person.username());
    }

    /** The status of a refresh with this refresh token at Keycloak (200: it still works). */
    private static int refresh(String refreshToken) throws Exception {
        String form = "grant_type=refresh_token&client_id=" + KeycloakTokens.APP_CLIENT + "&refresh_token="
                + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(LocalStack.realmUrl()
                                + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String status(Person person, String credentialId) {
        List<String> statuses = given().auth().oauth2(KeycloakTokens.password(person.username())).get("/v1/push-credentials")
                .then().extract().jsonPath().getList("credentials.flatten().findAll { it.id == '" + credentialId + "' }.status");
        assertThat(statuses).hasSize(1);
        return statuses.get(0);
    }
}
