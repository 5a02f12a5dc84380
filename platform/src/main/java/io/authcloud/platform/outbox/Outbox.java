package io.authcloud.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.observability.TraceParent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/**
 * Writes events into the outbox. Call {@link #append} inside the transaction that changes the state the
 * event describes: both commit together or neither does.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper objectMapper;
    private final Clock clock;

    public Outbox(ObjectMapper objectMapper, Clock clock) {
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /**
     * Adds an event to the current transaction.
     *
     * @param topic   the Kafka topic, e.g. {@code backup-events}
     * @param owner   the owner's {@code sub}: the record key
     * @param type    the CloudEvents type
     * @param subject the resource the event is about
     * @param payload the event record, serialized as JSON
     * @return the event id
     */
    public Uni<UUID> append(String topic, String owner, String type, String subject, Object payload) {
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
        return event.persist().replaceWith(event.id);
    }

    private String json(Object payload) {
        try {
            return objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + payload.getClass().getSimpleName() + " cannot be written as JSON", e);
        }
    }
}
