package io.authcloud.platform.database;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The pool that serves requests, with its waits bounded (docs/reliability.md, "Pauses"). Quarkus's own lets a
 * request queue without limit for a connection (a flood then fills the heap) and wait 30 s for one. Here a request
 * waits at most {@code acquire-timeout} for a connection (or for a new one to open) in a queue of at most
 * {@code max-waiting}; past either it fails at once and is answered 503 (ProblemExceptionMappers). A query already
 * sent to a database that stopped answering is not bounded here (the client has no query timeout): the request's
 * deadline ({@link io.authcloud.platform.http.RequestDeadline}) answers for it.
 */
@Singleton
public class BoundedDatabasePool implements PgPoolCreator {

    private final Duration acquireTimeout;
    private final int maxWaiting;

    public BoundedDatabasePool(
            @ConfigProperty(name = "authcloud.db.acquire-timeout", defaultValue = "3s") Duration acquireTimeout,
            @ConfigProperty(name = "authcloud.db.max-waiting", defaultValue = "256") int maxWaiting) {
        this.acquireTimeout = acquireTimeout;
        this.maxWaiting = maxWaiting;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions pool = input.poolOptions()
                .setConnectionTimeout((int) acquireTimeout.toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxWaitQueueSize(maxWaiting);
        List<SqlConnectOptions> databases = new ArrayList<>();
        for (PgConnectOptions database : input.pgConnectOptionsList()) {
            databases.add(database.setConnectTimeout((int) acquireTimeout.toMillis()));
        }
        return PgBuilder.pool().with(pool).connectingTo(databases).using(input.vertx()).build();
    }
}
