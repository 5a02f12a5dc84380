package io.authcloud.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * The base of a service's event writer: appends its event records to the outbox, in the caller's
 * transaction, each of CloudEvents type {@code <type prefix><record name>} and keyed by its owner.
 */
public abstract class EventWriter {

    private Outbox outbox;
    private String typePrefix;

    /** For the client proxy of a normal-scoped writer only. */
    protected EventWriter() {
    }

    protected EventWriter(Outbox outbox, String typePrefix) {
        this.outbox = outbox;
        this.typePrefix = typePrefix;
    }

    /** Appends {@code event} for {@code topic}: keyed by {@code owner}, about {@code subject}. */
    protected Uni<UUID> append(String topic, String owner, String subject, Record event) {
        return outbox.append(topic, owner, typePrefix + event.getClass().getSimpleName(), subject, event);
    }

    /** As {@link #append(String, String, String, Record)}, deleted from the outbox once published (erasure). */
    protected Uni<UUID> appendForgotten(String topic, String owner, String subject, Record event) {
        return outbox.appendForgotten(topic, owner, typePrefix + event.getClass().getSimpleName(), subject, event);
    }

    /** As {@link #append(String, String, String, Record)}, in the plain SQL transaction open on {@code connection}. */
    protected Uni<UUID> append(SqlConnection connection, String topic, String owner, String subject, Record event) {
        return outbox.append(connection, topic, owner, typePrefix + event.getClass().getSimpleName(), subject, event);
    }
}
