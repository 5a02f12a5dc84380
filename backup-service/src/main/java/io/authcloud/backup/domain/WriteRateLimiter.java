package io.authcloud.backup.domain;

import io.authcloud.backup.config.BackupConfig;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Limits how often one person writes backups: a fixed one-minute window counted in Redis, shared by
 * every replica. Past the limit the answer is 429 with {@code Retry-After} set to the window's end.
 */
@ApplicationScoped
public class WriteRateLimiter {

    private static final long WINDOW_SECONDS = 60;

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;
    private final BackupConfig config;
    private final Clock clock;

    public WriteRateLimiter(ReactiveRedisDataSource redis, BackupConfig config, Clock clock) {
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.config = config;
        this.clock = clock;
    }

    /** Counts one write of {@code owner}; fails with {@code rate-limited} when over the limit. */
    public Uni<Void> acquire(String owner) {
        long now = clock.instant().getEpochSecond();
        long window = now / WINDOW_SECONDS;
        String key = "backup:writes:" + owner + ":" + window;
        return counters.incr(key)
                .call(count -> count == 1 ? keys.expire(key, WINDOW_SECONDS * 2) : Uni.createFrom().voidItem())
                .invoke(count -> {
                    if (count > config.writesPerMinute()) {
                        long retryAfter = Math.max(1, (window + 1) * WINDOW_SECONDS - now);
                        throw new ProblemException(Problem.of(ProblemType.RATE_LIMITED, "Too many backup writes in a"
                                        + " short time. Try again in " + retryAfter + " seconds.")
                                .with("retryAfterSeconds", retryAfter))
                                .header("Retry-After", Long.toString(retryAfter));
                    }
                })
                .replaceWithVoid();
    }
}
