package io.authcloud.notification.domain.signin;

import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.ratelimit.FixedWindow;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * How many sign-in requests and code checks one relying party may make a minute, all people together
 * (a fixed window per clock minute in Redis, shared by every replica): one compromised or runaway
 * relying party can neither flood people's phones with pushes nor guess codes across many people.
 */
@ApplicationScoped
public class RelyingPartyLimit {

    private final NotificationConfig config;
    private final FixedWindow requests;

    public RelyingPartyLimit(NotificationConfig config, Clock clock, ReactiveRedisDataSource redis) {
        this.config = config;
        this.requests = new FixedWindow(redis, clock, "signin:relying-party", Duration.ofMinutes(1));
    }

    /** Counts one request of {@code clientId}, or refuses it with 429 when the minute's requests are used up. */
    public Uni<Void> take(String clientId) {
        int limit = config.relyingPartyRequestsPerMinute();
        return requests.take(clientId, limit, retryAfter -> {
            Log.infof("Relying party %s is over its %d requests a minute", clientId, limit);
            return ProblemException.rateLimited("This relying party made more than " + limit + " sign-in requests and code"
                    + " checks this minute. Try again in " + retryAfter + " seconds.", retryAfter);
        }).replaceWithVoid();
    }
}
