package io.authcloud.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every API request is answered within {@code authcloud.http.deadline}: past it, and if nothing was sent yet, the
 * answer is 503 {@code service-unavailable} with {@code Retry-After} (docs/reliability.md, "Pauses"). This is what
 * bounds a request whose database or Redis stopped answering after its query was sent (a paused or partitioned
 * server keeps its socket open, and the clients have no per-query timeout); the pools bound the waits before that.
 * A write that was still running may yet commit: a 503 acknowledges nothing, and every write of the API can be
 * repeated (entity tags, one-time proofs).
 */
@ApplicationScoped
public class RequestDeadline {

    /** After RequestIds (so the answer carries the request id), before authentication and the REST layer. */
    private static final int ORDER = -99_000;

    private final long deadlineMillis;
    private final String body;

    public RequestDeadline(@ConfigProperty(name = "authcloud.http.deadline", defaultValue = "8s") Duration deadline,
            ObjectMapper json) throws JsonProcessingException {
        this.deadlineMillis = deadline.toMillis();
        this.body = json.writeValueAsString(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "The request did not complete in time: a service it needs is not answering. Try again in a few seconds."));
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(ORDER).handler(this::watch);
    }

    private void watch(RoutingContext request) {
        long timer = request.vertx().setTimer(deadlineMillis, ignored -> expire(request));
        request.addEndHandler(ignored -> request.vertx().cancelTimer(timer));
        request.next();
    }

    private void expire(RoutingContext request) {
        HttpServerResponse response = request.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        Log.warnf("A %s request did not complete within %d ms: answered 503", request.request().method(), deadlineMillis);
        response.setStatusCode(503)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Cache-Control", "no-store")
                .putHeader("Retry-After", "10")
                .putHeader("Connection", "close")
                .end(body);
    }
}
