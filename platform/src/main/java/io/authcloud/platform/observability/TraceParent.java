package io.authcloud.platform.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The W3C trace context ({@code traceparent}) of the current span: the outbox stores it with each event, and
 * the relay sends it as the record's {@code traceparent} header, so a consumer continues the trace of the
 * request that wrote the event.
 */
public final class TraceParent {

    /** The Kafka header (and HTTP header) that carries it. */
    public static final String HEADER = "traceparent";

    private TraceParent() {
    }

    /** The current span's {@code traceparent}, or {@code null} when no span is current. */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid()
                ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }
}
