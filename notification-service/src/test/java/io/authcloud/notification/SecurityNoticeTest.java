package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every key release, recovery and new credential is mailed to the person, with a "this wasn't me" link. */
@QuarkusTest
class SecurityNoticeTest {

    private static final KafkaPublisher KAFKA = new KafkaPublisher();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:8080/v1/push-credentials/not-me#token=([A-Za-z0-9_-]+)");

    @Inject
    OutboxRelay relay;

    @AfterAll
    static void closeKafka() {
        KAFKA.close();
    }

    @Test
    void aRecoveryIsNoticedByMailAndThisWasntMeRevokesWhatItCreated() {
        UUID recovery = UUID.randomUUID();
        Phone intruder = Phone.of("alice");
        String first = Credentials.issue(KAFKA, intruder, "personal-" + UUID.randomUUID(), "email", recovery).getString("id");
        String second = Credentials.issue(KAFKA, intruder, "contoso-" + UUID.randomUUID(), "qr", recovery).getString("id");
        String untouched = Credentials.issue(KAFKA, Phone.of("alice"), "personal-" + UUID.randomUUID(), "email", null).getString("id");

        Events.recoveryCompleted(KAFKA, KeycloakTokens.subject("alice"), recovery, intruder.deviceId);
        GreenMailInbox.Mail mail = GreenMailInbox.await("alice@example.test",
                m -> m.subject().equals("Your accounts were recovered on a new device") && m.body().contains(intruder.deviceId), WAIT);
        assertThat(mail.body()).contains("android").contains("UTC");

        String token = token(mail);
        given().get("/v1/push-credentials/not-me").then()
                .statusCode(200).contentType(containsString("text/html")).body(containsString("Revoke"))
                .body(containsString("location.hash"));
        given().contentType("application/json").body(Map.of("token", token)).post("/v1/push-credentials/not-me").then()
                .statusCode(200).body("revoked", equalTo(2));

        assertThat(status(first)).isEqualTo("REVOKED");
        assertThat(status(second)).isEqualTo("REVOKED");
        assertThat(status(untouched)).isEqualTo("ACTIVE");
        given().contentType("application/json").body(Map.of("token", token)).post("/v1/push-credentials/not-me").then()
                .statusCode(404);
    }

    @Test
    void aNewCredentialIsNoticedByMailWithItsDeviceAndPlatform() {
        Phone phone = Phone.of("alice");
        phone.register("ios", "apns").then().statusCode(201);
        String account = "personal-" + UUID.randomUUID();
        String id = Credentials.issue(KAFKA, phone, account, "sms", null).getString("id");
        relay.publishPending().await().atMost(WAIT);

        GreenMailInbox.Mail mail = GreenMailInbox.await("alice@example.test",
                m -> m.subject().equals("A new sign-in credential was added") && m.body().contains(account), WAIT);
        assertThat(mail.body()).contains(phone.deviceId).contains("(ios)");

        given().contentType("application/json").body(Map.of("token", token(mail))).post("/v1/push-credentials/not-me").then()
                .statusCode(200).body("revoked", equalTo(1));
        assertThat(status(id)).isEqualTo("REVOKED");
    }

    @Test
    void theKeyReleaseIsNoticedAndThisWasntMeRevokesTheDevicesCredentialsAndRefusesMore() {
        UUID recovery = UUID.randomUUID();
        Phone intruder = Phone.of("alice");
        String byActivationCode = Credentials.issue(KAFKA, intruder, "contoso-" + UUID.randomUUID(), "qr", null).getString("id");

        Events.recoveryKeyReleased(KAFKA, KeycloakTokens.subject("alice"), recovery, intruder.deviceId);
        GreenMailInbox.Mail mail = GreenMailInbox.await("alice@example.test",
                m -> m.subject().equals("Your backup key was sent to a new device") && m.body().contains(intruder.deviceId), WAIT);
        assertThat(mail.body()).contains("(ios)").contains("UTC");
        given().contentType("application/json").body(Map.of("token", token(mail))).post("/v1/push-credentials/not-me").then()
                .statusCode(200).body("revoked", equalTo(1));
        assertThat(status(byActivationCode)).isEqualTo("REVOKED");

        String account = "personal-" + UUID.randomUUID();
        UUID verification = Events.verificationSucceeded(KAFKA, KeycloakTokens.subject("alice"), account,
                intruder.deviceId, "email", recovery);
        Response[] last = new Response[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = intruder.requestCredential(verification, account);
            return !last[0].asString().contains("verification-pending");
        });
        last[0].then().statusCode(403).body("type", containsString("/forbidden"))
                .body("detail", containsString("wasn't me"));
    }

    @Test
    void anUnknownTokenRevokesNothing() {
        given().contentType("application/json").body(Map.of("token", "made-up-token")).post("/v1/push-credentials/not-me")
                .then().statusCode(404).body("type", containsString("/not-found"));
        given().contentType("application/json").body(Map.of()).post("/v1/push-credentials/not-me").then().statusCode(400);
    }

    private static String token(GreenMailInbox.Mail mail) {
        Matcher link = LINK.matcher(mail.body());
        assertThat(link.find()).as("the mail has a this-wasn't-me link").isTrue();
        return link.group(1);
    }

    private static String status(String credentialId) {
        List<String> statuses = given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/push-credentials")
                .then().extract().jsonPath().getList("credentials.flatten().findAll { it.id == '" + credentialId + "' }.status");
        assertThat(statuses).hasSize(1);
        return statuses.get(0);
    }
}
