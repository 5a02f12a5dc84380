package io.authcloud.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What leaves in a span: no query string, and of an outgoing call only where it went. */
@Tag("unit")
class SpanRedactionTest {

    private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final Tracer tracer = SdkTracerProvider.builder()
            .addSpanProcessor(new SpanRedaction())
            .addSpanProcessor(SimpleSpanProcessor.create(new Collecting()))
            .build().get("test");

    @Test
    void anOutgoingCallKeepsOnlyWhereItWent() {
        tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
                .setAttribute(URL_FULL, "https://id.example:8443/admin/realms/authcloud/users?username=alice@example.test&exact=true")
                .startSpan().end();
        tracer.spanBuilder("POST").setSpanKind(SpanKind.CLIENT)
                .setAttribute(URL_FULL, "https://api.push.apple.com/3/device/a1b2c3d4e5f6device-token").startSpan().end();

        assertThat(exported).extracting(span -> span.getAttributes().get(URL_FULL))
                .containsExactly("https://id.example:8443", "https://api.push.apple.com");
    }

    @Test
    void anIncomingRequestKeepsItsPathButNotItsQuery() {
        tracer.spanBuilder("GET /v1/backups").setSpanKind(SpanKind.SERVER)
                .setAttribute(URL_PATH, "/v1/backups/icloud/storage-1").setAttribute(URL_QUERY, "email=alice@example.test")
                .setAttribute(URL_FULL, "http://127.0.0.1:8081/v1/backups?email=alice@example.test").startSpan().end();

        SpanData span = exported.get(0);
        assertThat(span.getAttributes().get(URL_PATH)).isEqualTo("/v1/backups/icloud/storage-1");
        assertThat(span.getAttributes().get(URL_QUERY)).isEqualTo(SpanRedaction.REDACTED);
        assertThat(span.getAttributes().get(URL_FULL)).isEqualTo("http://127.0.0.1:8081/v1/backups");
        assertThat(span.getAttributes().toString()).doesNotContain("alice");
    }

    @Test
    void anUnreadableUrlIsRedactedWhole() {
        assertThat(SpanRedaction.origin("not a url at all")).isEqualTo(SpanRedaction.REDACTED);
        assertThat(SpanRedaction.origin("/relative/path?x=1")).isEqualTo(SpanRedaction.REDACTED);
    }

    private final class Collecting implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
