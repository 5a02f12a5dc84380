package io.authcloud.backup.domain;

import io.authcloud.backup.config.BackupConfig;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.ratelimit.FixedWindow;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * Limits how often one person writes backups: a fixed one-minute window counted in Redis, shared by
 * every replica. Past the limit the answer is 429 with {@code Retry-After} set to the window's end.
 */
@ApplicationScoped
public class WriteRateLimiter {

    private final FixedWindow writes;
    private final BackupConfig config;

    public WriteRateLimiter(ReactiveRedisDataSource redis, BackupConfig config, Clock clock) {
        this.writes = new FixedWindow(redis, clock, "backup:writes", Duration.ofMinutes(1));
        this.config = config;
    }

    /** Counts one write of {@code owner}; fails with {@code rate-limited} when over the limit. */
    public Uni<Void> acquire(String owner) {
        return writes.take(owner, config.writesPerMinute(), retryAfter -> ProblemException.rateLimited(
                "Too many backup writes in a short time. Try again in " + retryAfter + " seconds.", retryAfter)).replaceWithVoid();
    }
}
