package io.authcloud.notification.signin;

import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
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

    private static final long WINDOW_SECONDS = 60;

    private final NotificationConfig config;
    private final Clock clock;
    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;

    public RelyingPartyLimit(NotificationConfig config, Clock clock, ReactiveRedisDataSource redis) {
        this.config = config;
        this.clock = clock;
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
    }

    /** Counts one request of {@code clientId}, or refuses it with 429 when the minute's requests are used up. */
    public Uni<Void> take(String clientId) {
        long now = clock.instant().getEpochSecond();
        String key = "signin:relying-party:" + clientId + ":" + now / WINDOW_SECONDS;
        return counters.incr(key)
                .call(count -> keys.expire(key, Duration.ofSeconds(WINDOW_SECONDS * 2)))
                .invoke(count -> {
                    if (count > config.relyingPartyRequestsPerMinute()) {
                        long retryAfter = Math.max(1, (now / WINDOW_SECONDS + 1) * WINDOW_SECONDS - now);
                        if (count == config.relyingPartyRequestsPerMinute() + 1) {
                            Log.warnf("Relying party %s reached its %d requests a minute", clientId,
                                    config.relyingPartyRequestsPerMinute());
                        }
                        throw new ProblemException(Problem.of(ProblemType.RATE_LIMITED, "This relying party made more than "
                                        + config.relyingPartyRequestsPerMinute() + " sign-in requests and code checks this minute."
                                        + " Try again in " + retryAfter + " seconds.")
                                .with("retryAfterSeconds", retryAfter))
                                .header("Retry-After", Long.toString(retryAfter));
                    }
                })
                .replaceWithVoid();
    }
}
