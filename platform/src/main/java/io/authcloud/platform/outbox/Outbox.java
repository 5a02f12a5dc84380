package io.authcloud.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.observability.TraceParent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Writes events into the outbox. Call {@link #append} inside the transaction that changes the state the
 * event describes: both commit together or neither does. A transaction of the ORM (Panache) persists the
 * event as an entity; a transaction of plain SQL (a hot path on the reactive pool) passes its connection.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox_event"
            + " (id, topic, record_key, event_type, subject, payload, occurred_at, traceparent)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private final ObjectMapper objectMapper;
    private final Clock clock;

    public Outbox(ObjectMapper objectMapper, Clock clock) {
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /**
     * Adds an event to the current Panache transaction.
     *
     * @param topic   the Kafka topic, e.g. {@code backup-events}
     * @param owner   the owner's {@code sub}: the record key
     * @param type    the CloudEvents type
     * @param subject the resource the event is about
     * @param payload the event record, serialized as JSON
     * @return the event id
     */
    public Uni<UUID> append(String topic, String owner, String type, String subject, Object payload) {
        OutboxEvent event = event(topic, owner, type, subject, payload);
        return event.persist().replaceWith(event.id);
    }

    /**
     * As {@link #append(String, String, String, String, Object)}, for an event that is deleted from the outbox as
     * soon as Kafka has it: an erasure's own events, which name the person whose data is gone.
     */
    public Uni<UUID> appendForgotten(String topic, String owner, String type, String subject, Object payload) {
        OutboxEvent event = event(topic, owner, type, subject, payload);
        event.forgetAfterPublish = true;
        return event.persist().replaceWith(event.id);
    }

    /** As {@link #append(String, String, String, String, Object)}, in the transaction open on {@code connection}. */
    public Uni<UUID> append(SqlConnection connection, String topic, String owner, String type, String subject,
            Object payload) {
        OutboxEvent event = event(topic, owner, type, subject, payload);
        return connection.preparedQuery(INSERT)
                .execute(Tuple.tuple().addUUID(event.id).addString(event.topic).addString(event.recordKey)
                        .addString(event.type).addString(event.subject).addString(event.payload)
                        .addOffsetDateTime(event.occurredAt.atOffset(ZoneOffset.UTC)).addString(event.traceparent))
                .replaceWith(event.id);
    }

    private OutboxEvent event(String topic, String owner, String type, String subject, Object payload) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.topic = topic;
        event.recordKey = owner;
        event.type = type;
        event.subject = subject;
        event.payload = json(payload);
        event.occurredAt = clock.instant();
        event.traceparent = TraceParent.current();
        OutboxWakeUp.appended();
        return event;
    }

    private String json(Object payload) {
        try {
            return objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + payload.getClass().getSimpleName() + " cannot be written as JSON", e);
        }
    }
}
