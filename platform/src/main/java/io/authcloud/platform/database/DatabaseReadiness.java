package io.authcloud.platform.database;

import io.authcloud.platform.health.TimedReadiness;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness answers for the database within {@code authcloud.db.health-timeout}: {@code SELECT 1} through the pool
 * that serves requests. It replaces Quarkus's two data-source checks (quarkus.datasource.health.enabled=false):
 * the reactive one waits 20 s on a database that stopped answering, and the JDBC one checks the pool only Flyway
 * uses at start (docs/reliability.md, "Pauses").
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    private final Pool pool;
    private final Duration timeout;

    public DatabaseReadiness(Pool pool,
            @ConfigProperty(name = "authcloud.db.health-timeout", defaultValue = "2s") Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return TimedReadiness.of("PostgreSQL (the requests' pool)", pool.query("SELECT 1").execute(), timeout);
    }
}
