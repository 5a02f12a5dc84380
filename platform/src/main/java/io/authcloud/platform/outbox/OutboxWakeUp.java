package io.authcloud.platform.outbox;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Wakes the {@link OutboxRelay} when a transaction that wrote outbox events commits, so an event reaches
 * Kafka in milliseconds instead of at the next poll.
 *
 * <p>A statement trigger on {@code outbox_event} (platform migration {@code R__chassis_columns.sql}) calls
 * {@code pg_notify('outbox_event')}; PostgreSQL delivers it at commit to every session that listens, so every
 * replica's relay wakes and the advisory lock lets one of them publish. This bean keeps one connection of the
 * pool listening; when it is lost (a database restart, a network cut) it listens again after a pause, and the
 * relay's poll covers the gap.
 */
@ApplicationScoped
public class OutboxWakeUp {

    static final String CHANNEL = "outbox_event";
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Pool pool;
    private final OutboxRelay relay;
    private final OutboxConfig config;
    private final Vertx vertx;
    private volatile PgConnection listening;
    private volatile boolean stopped;

    public OutboxWakeUp(Pool pool, OutboxRelay relay, OutboxConfig config, Vertx vertx) {
        this.pool = pool;
        this.relay = relay;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (config.relayEnabled()) {
            listen();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        PgConnection connection = listening;
        if (connection != null) {
            connection.closeAndForget();
        }
    }

    /** Whether a connection is listening now (false while it is being re-established). */
    public boolean isListening() {
        return listening != null;
    }

    private void listen() {
        if (stopped) {
            return;
        }
        pool.getConnection()
                .map(PgConnection::cast)
                .call(connection -> connection.query("LISTEN " + CHANNEL).execute())
                .subscribe().with(this::listening, failure -> retry("cannot listen", failure));
    }

    private void listening(PgConnection connection) {
        connection.notificationHandler(notification -> relay.wake());
        connection.closeHandler(() -> {
            listening = null;
            retry("lost its connection", null);
        });
        listening = connection;
        Log.debug("Outbox: listening for committed events");
        // Events committed before LISTEN took effect were not announced.
        relay.wake();
    }

    private void retry(String what, Throwable failure) {
        if (stopped) {
            return;
        }
        Log.warnf("Outbox wake-up %s%s; the relay polls until it listens again", what,
                failure == null ? "" : ": " + failure.getMessage());
        vertx.setTimer(RETRY.toMillis(), id -> listen());
    }
}
