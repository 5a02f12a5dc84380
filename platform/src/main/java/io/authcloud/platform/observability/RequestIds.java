package io.authcloud.platform.observability;

import io.opentelemetry.api.trace.Span;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * The gateway's request id ({@code X-Request-Id}): put into every log line of the request (MDC
 * {@code requestId}), recorded on the request's span, and returned with the answer, whoever gives it (a
 * resource, a problem mapper, or the HTTP layer's own 401). An id that does not look like one (the gateway's
 * rule: up to 128 of {@code A-Z a-z 0-9 . _ : -}) is ignored, so nothing a client sends reaches a log line
 * unchecked.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** The MDC key, a field of every JSON log line written while the request runs. */
    public static final String MDC_KEY = "requestId";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Before every route Quarkus installs (authentication included), so that its answers carry the id too. */
    private static final int FIRST = -100_000;

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(RequestIds::remember);
    }

    static boolean looksLikeOne(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    private static void remember(RoutingContext request) {
        String id = request.request().getHeader(HEADER);
        if (looksLikeOne(id)) {
            MDC.put(MDC_KEY, id);
            Span.current().setAttribute("http.request.header.x-request-id", id);
            request.addHeadersEndHandler(ignored -> request.response().headers().set(HEADER, id));
        }
        request.next();
    }
}
