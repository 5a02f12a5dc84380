package io.authcloud.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.authcloud.notification.domain.delivery.Delivery;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** One-time codes from notification-requests reach people by email (real SMTP) or SMS (provider API). */
@QuarkusTest
@QuarkusTestResource(ThirdParties.class)
class CodeDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TWILIO = "/2010-04-01/Accounts/AC-test/Messages.json";
    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();

    @InjectWireMock
    WireMockServer wireMock;

    @jakarta.inject.Inject
    io.authcloud.notification.clients.sms.TwilioSmsSender sms;

    @Test
    void anEmailCodeIsSentOverSmtpAndArrivesInTheInbox() throws Throwable {
        String address = "person-" + UUID.randomUUID() + "@example.test";
        String event = Events.otpDeliveryRequested(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("alice"),
                "email", address, "428113", Instant.now().plusSeconds(600), "notification-1");

        GreenMailInbox.Mail mail = GreenMailInbox.await(address, m -> m.subject().contains("verification code"), WAIT);

        assertThat(mail.body()).contains("428113").contains("expires at");
        Delivery delivery = awaitDelivery(event);
        assertThat(delivery.status).isEqualTo(Delivery.Status.SENT);
        assertThat(delivery.destinationMasked).startsWith("p***").endsWith("@example.test");
    }

    @Test
    void aKeyReleaseCodeByMailSaysThatItReleasesTheBackupKeyToThatPhone() throws Throwable {
        String address = "release-" + UUID.randomUUID() + "@example.test";
        String event = Events.otpDeliveryRequested(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("alice"),
                "email", address, "615243", Instant.now().plusSeconds(600), "notification-1", "key-release", "phone-new-7");

        GreenMailInbox.Mail mail = GreenMailInbox.await(address, m -> m.body().contains("615243"), WAIT);

        assertThat(mail.subject()).isEqualTo("Your code to release your authenticator backup key");
        assertThat(mail.body()).contains("hopefully you").contains("is recovering your authenticator backup on device phone-new-7.")
                .contains("This code releases your backup key to that phone. Never give it to anyone: we will never ask for it.")
                .contains("expires at").doesNotContain("Enter it in the authenticator app");
        assertThat(awaitDelivery(event).status).isEqualTo(Delivery.Status.SENT);
    }

    @Test
    void aKeyReleaseCodeBySmsSaysThatItReleasesTheBackupKeyToThatPhone() throws Throwable {
        String phone = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        wireMock.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing("To=" + phone.replace("+", "%2B")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM2\"}")));
        String event = Events.otpDeliveryRequested(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("alice"),
                "sms", phone, "552671", Instant.now().plusSeconds(600), "notification-1", "key-release", "phone-new-8");

        assertThat(awaitDelivery(event).status).isEqualTo(Delivery.Status.SENT);
        wireMock.verify(1, postRequestedFor(urlEqualTo(TWILIO))
                .withRequestBody(containing("To=" + phone.replace("+", "%2B")))
                .withRequestBody(containing("552671+releases+your+backup+key+to+device+phone-new-8"))
                .withRequestBody(containing("Never+give+it+to+anyone")));
    }

    @Test
    void anSmsCodeGoesThroughTheProviderApiWithBasicAuth() throws Throwable {
        String phone = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        wireMock.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing("To=" + phone.replace("+", "%2B")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM1\"}")));
        String event = Events.otpDeliveryRequested(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("alice"),
                "sms", phone, "771204", Instant.now().plusSeconds(600), "notification-1");

        assertThat(awaitDelivery(event).status).isEqualTo(Delivery.Status.SENT);
        wireMock.verify(1, postRequestedFor(urlEqualTo(TWILIO))
                .withHeader("Authorization", equalTo("Basic QUMtdGVzdDp0ZXN0LXRva2Vu"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("To=" + phone.replace("+", "%2B")))
                .withRequestBody(containing("From=authcloud"))
                .withRequestBody(matching(".*Body=authcloud\\+code%3A\\+771204.*")));
    }

    @Test
    void aProviderThatKeepsFailingIsRetriedThenTheRequestGoesToTheDeadLetterTopic() throws Throwable {
        String phone = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        wireMock.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing("To=" + phone.replace("+", "%2B")))
                .willReturn(aResponse().withStatus(503)));
        try (KafkaTap dlq = KafkaTap.open("notification-requests-dlq")) {
            String event = Events.otpDeliveryRequested(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("alice"),
                    "sms", phone, "500123", Instant.now().plusSeconds(600), "notification-1");

            KafkaTap.Record dead = dlq.await(r -> event.equals(r.ceId()), WAIT);

            assertThat(dead.header("dead-letter-reason")).isNotBlank();
            wireMock.verify(4, postRequestedFor(urlEqualTo(TWILIO)).withRequestBody(containing("To=" + phone.replace("+", "%2B"))));
            Delivery delivery = awaitDelivery(event);
            assertThat(delivery.status).isEqualTo(Delivery.Status.FAILED);
            assertThat(delivery.lastError).isNotBlank().doesNotContain("500123");
        }
    }

    @Test
    void aSlowProviderIsCutOffAndOnceMostTriesFailTheCircuitOpensAndLaterCloses() {
        String slow = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        wireMock.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing("To=" + slow.replace("+", "%2B")))
                .willReturn(aResponse().withStatus(201).withFixedDelay(1500)));
        for (int send = 0; send < 3; send++) {
            assertThatThrownBy(() -> sms.send(slow, "authcloud code: 123456").await().atMost(WAIT))
                    .as("each try is cut off after the timeout, and the last one fails the send")
                    .isInstanceOfAny(org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class,
                            org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException.class);
        }
        int tried = wireMock.findAll(postRequestedFor(urlEqualTo(TWILIO)).withRequestBody(containing("To=" + slow.replace("+", "%2B")))).size();

        assertThatThrownBy(() -> sms.send(slow, "authcloud code: 123456").await().atMost(WAIT))
                .isInstanceOf(org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException.class);
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo(TWILIO)).withRequestBody(containing("To=" + slow.replace("+", "%2B")))))
                .as("an open circuit does not call the provider").hasSize(tried);

        String healthy = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));
        wireMock.stubFor(post(urlEqualTo(TWILIO)).withRequestBody(containing("To=" + healthy.replace("+", "%2B")))
                .willReturn(aResponse().withStatus(201)));
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> sms.send(healthy, "authcloud code: 654321").await().atMost(WAIT) == null);
    }

    @Test
    void aRequestWhoseCodeHasExpiredIsDroppedNotSent() throws Throwable {
        String address = "late-" + UUID.randomUUID() + "@example.test";
        String event = Events.otpDeliveryRequested(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("alice"),
                "email", address, "111222", Instant.now().minusSeconds(1), "notification-1");

        assertThat(awaitDelivery(event).status).isEqualTo(Delivery.Status.DROPPED_EXPIRED);
        assertThat(GreenMailInbox.messages(address)).isEmpty();
    }

    @Test
    void aRedeliveredRequestIsSentOnlyOnce() throws Throwable {
        String address = "twice-" + UUID.randomUUID() + "@example.test";
        String id = UUID.randomUUID().toString();
        Events.otpDeliveryRequested(KAFKA, id, KeycloakTokens.subject("alice"), "email", address, "909090",
                Instant.now().plusSeconds(600), "notification-1");
        awaitDelivery(id);
        Events.otpDeliveryRequested(KAFKA, id, KeycloakTokens.subject("alice"), "email", address, "909090",
                Instant.now().plusSeconds(600), "notification-1");
        String marker = "marker-" + UUID.randomUUID() + "@example.test";
        String after = Events.otpDeliveryRequested(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("alice"),
                "email", marker, "123123", Instant.now().plusSeconds(600), "notification-1");
        awaitDelivery(after);

        assertThat(GreenMailInbox.messages(address)).hasSize(1);
    }

    @Test
    void aRequestEncryptedForAnotherKeyGoesToTheDeadLetterTopicAndIsRecordedAsFailed() throws Throwable {
        try (KafkaTap dlq = KafkaTap.open("notification-requests-dlq")) {
            String event = Events.otpDeliveryRequested(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("alice"),
                    "email", "x-" + UUID.randomUUID() + "@example.test", "333444", Instant.now().plusSeconds(600), "someone-else");
            dlq.await(r -> event.equals(r.ceId()), WAIT);
            assertThat(awaitDelivery(event).status).isEqualTo(Delivery.Status.FAILED);
        }
    }

    @Test
    void aRecordThatIsNotACloudEventGoesToTheDeadLetterTopic() {
        String key = "poison-" + UUID.randomUUID();
        try (KafkaTap dlq = KafkaTap.open("notification-requests-dlq")) {
            KAFKA.publishRaw("notification-requests", key, "{not json");
            dlq.await(r -> key.equals(r.key()), WAIT);
        }
    }

    @Test
    void noCodeEverReachesTheLog() throws Throwable {
        String address = "quiet-" + UUID.randomUUID() + "@example.test";
        String event = Events.otpDeliveryRequested(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("alice"),
                "email", address, "864209", Instant.now().plusSeconds(600), "notification-1");
        awaitDelivery(event);
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertThat(log).doesNotContain("864209").doesNotContain(address);
    }

    private static Delivery awaitDelivery(String eventId) throws Throwable {
        Delivery[] found = new Delivery[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            try {
                found[0] = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Delivery.<Delivery>findById(eventId)));
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            return found[0] != null;
        });
        return found[0];
    }
}
