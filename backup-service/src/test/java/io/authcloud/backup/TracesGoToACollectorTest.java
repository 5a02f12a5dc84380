package io.authcloud.backup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * With an OTLP endpoint configured (OTEL_EXPORTER_OTLP_ENDPOINT in the chart and the local stack), the service
 * exports its spans there, continuing the caller's trace. Without one (every other test) nothing is sent.
 * The collector here is a bare HTTP server that keeps what it is sent (OTLP over HTTP, protobuf): the trace id
 * travels in it as its 16 raw bytes.
 */
@QuarkusTest
@TestProfile(TracesGoToACollectorTest.WithCollector.class)
class TracesGoToACollectorTest {

    /** Started before the application, whose configuration names it. */
    static final class Collector {
        static final List<byte[]> EXPORTS = new CopyOnWriteArrayList<>();
        static final HttpServer SERVER = start();

        private static HttpServer start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/v1/traces", exchange -> {
                    EXPORTS.add(exchange.getRequestBody().readAllBytes());
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
                server.start();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static class WithCollector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint",
                    "http://127.0.0.1:" + Collector.SERVER.getAddress().getPort(),
                    "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                    "quarkus.otel.bsp.schedule.delay", "PT0.2S");
        }
    }

    @Test
    void aRequestsSpanIsExportedInTheCallersTrace() {
        byte[] traceId = new byte[16];
        new SecureRandom().nextBytes(traceId);
        String traceparent = "00-" + HexFormat.of().formatHex(traceId) + "-00f067aa0ba902b7-01";

        given().header("traceparent", traceparent).queryParam("email", "someone@example.test").get("/v1/backups")
                .then().statusCode(401);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Collector.EXPORTS)
                .as("OTLP exports received").anyMatch(export -> contains(export, traceId)));
        // No query string leaves in a span (platform SpanRedaction): what a URL carries stays here.
        assertThat(Collector.EXPORTS).noneMatch(export -> contains(export, "someone@example.test".getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
