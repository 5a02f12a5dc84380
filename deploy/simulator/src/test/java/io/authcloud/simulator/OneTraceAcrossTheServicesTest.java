package io.authcloud.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.simulator.app.Phone;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an SRE follows: one recovery is one trace, from the gateway through the four services and over Kafka
 * (read from the trace ids of the services' JSON logs), and the gateway's request id is returned and logged.
 */
@ExtendWith(RunningStack.class)
class OneTraceAcrossTheServicesTest {

    private static final String CHIRP = "otpauth://totp/Chirp:alice?secret=JBSWY3DPEHPK3PXP&issuer=Chirp";

    @Test
    void oneRecoveryIsOneTraceThroughTheFourServicesAndKafka() {
        String storage = People.freshStorageAccount("alice");
        Phone phoneA = People.phone("alice", "ios", storage);
        phoneA.addThirdParty(CHIRP);
        phoneA.backup();

        Phone phoneB = People.phone("alice", "ios", storage);
        phoneB.backups();
        phoneB.startRecovery();
        People.proveKeyReleaseByEmail(phoneB, "alice@example.test");
        phoneB.restore();
        String trace = phoneB.traceId();

        // Every service wrote a line of this trace: backup (the backup read through recovery-service's client
        // too), recovery, verification (the code it sent), and notification, which was reached only through
        // Kafka: the code delivery it consumed carried the traceparent the outbox stored.
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String service : ServiceLogs.SERVICES) {
                assertThat(ServiceLogs.lines(service)).as("%s's log lines of trace %s", service, trace)
                        .anyMatch(line -> trace.equals(line.traceId()));
            }
            assertThat(ServiceLogs.lines("notification-service"))
                    .as("a line notification-service wrote while handling a record of trace %s", trace)
                    .anyMatch(line -> trace.equals(line.traceId()) && line.logger().startsWith("io.authcloud"));
        });
        assertThat(phoneA.traceId()).as("phone A's backup is another trace").isNotEqualTo(trace);
    }

    @Test
    void theGatewaysRequestIdIsReturnedAndLoggedByTheService() throws Exception {
        String requestId = "sre-" + UUID.randomUUID();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(RunningStack.ENDPOINTS.gateway() + "/v1/backups"))
                .header("X-Request-Id", requestId).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly(requestId);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ServiceLogs.lines("backup-service"))
                .anyMatch(line -> line.json() != null && requestId.equals(line.json().path("mdc").path("requestId").asText())));

        HttpResponse<String> unnamed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(RunningStack.ENDPOINTS.gateway() + "/v1/backups")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unnamed.headers().allValues("X-Request-Id")).singleElement().asString().matches("[0-9a-f]{32}");
        List<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(RunningStack.ENDPOINTS.gateway() + "/v1/backups")).header("X-Request-Id", "a b\"c")
                .build(), HttpResponse.BodyHandlers.ofString()).headers().allValues("X-Request-Id");
        assertThat(forged).as("an id that does not look like one is replaced").singleElement().asString().matches("[0-9a-f]{32}");
    }
}
