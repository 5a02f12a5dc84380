package io.authcloud.platform.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;

/**
 * What a span may not carry to a trace collector: no query string (a username, an email address), and of an
 * outgoing call's URL only its scheme, host and port (a path may hold a device token or a person's id at a
 * third party). Server spans keep their path: it names our own resources by ids. Applied when a span starts,
 * which is when the HTTP instrumentation records these attributes.
 */
@ApplicationScoped
public class SpanRedaction implements SpanProcessor {

    static final String REDACTED = "redacted";
    private static final List<AttributeKey<String>> FULL_URLS = List.of(AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.url"));
    private static final List<AttributeKey<String>> QUERIES = List.of(AttributeKey.stringKey("url.query"),
            AttributeKey.stringKey("http.target"));

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : FULL_URLS) {
            String url = span.getAttribute(key);
            if (url != null) {
                span.setAttribute(key, span.getKind() == SpanKind.CLIENT ? origin(url) : withoutQuery(url));
            }
        }
        for (AttributeKey<String> key : QUERIES) {
            String value = span.getAttribute(key);
            if (value != null && (key.getKey().equals("url.query") || value.contains("?"))) {
                span.setAttribute(key, key.getKey().equals("url.query") ? REDACTED : withoutQuery(value));
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    /** {@code scheme://host[:port]} of a URL, or {@link #REDACTED} when it cannot be read. */
    static String origin(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return REDACTED;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return REDACTED;
        }
    }

    static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
