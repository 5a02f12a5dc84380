package io.authcloud.platform.ratelimit;

import io.authcloud.platform.health.TimedReadiness;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness answers for Redis (the limits' counters, one-time state) within {@code authcloud.redis.health-timeout}:
 * a {@code PING}. It replaces Quarkus's check (quarkus.redis.health.enabled=false), which waited 10 s on a Redis
 * that stopped answering (docs/reliability.md, "Pauses"). A service without Redis excludes it
 * ({@code quarkus.arc.exclude-types}).
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements AsyncHealthCheck {

    private static final String NAME = "Redis (limits and one-time state)";

    private final ReactiveRedisDataSource redis;
    private final Duration timeout;

    public RedisReadiness(ReactiveRedisDataSource redis,
            @ConfigProperty(name = "authcloud.redis.health-timeout", defaultValue = "2s") Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return TimedReadiness.of(NAME, redis.execute("PING"), timeout);
    }
}
