package io.authcloud.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The CloudEvents context of a record read from Kafka: what consumers need to route, deduplicate and
 * order an event without trusting its body for it.
 */
public record IncomingEvent(String id, String type, String source, String subject, Instant time, String topic, String key,
        String data) {

    /** The event's body read as {@code type} (a tolerant reader); unreadable JSON is a poison event. */
    public <T> T read(ObjectMapper objectMapper, Class<T> type) {
        try {
            return objectMapper.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new PoisonEvent("Unreadable " + type.getSimpleName() + " " + id);
        }
    }

    /** Fails as a poison event when a required field is absent (null or blank). */
    public void require(Object... fields) {
        for (Object field : fields) {
            if (field == null || field instanceof String text && text.isBlank()) {
                throw new PoisonEvent(this.type + " " + id + " lacks a required field");
            }
        }
    }

    /**
     * Reads the CloudEvents attributes of a binary-mode record.
     *
     * @throws PoisonEvent when the record is not a CloudEvent (it then goes to the dead-letter topic)
     */
    @SuppressWarnings("unchecked")
    public static IncomingEvent from(Message<String> message) {
        IncomingCloudEventMetadata<String> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new PoisonEvent("The record is not a CloudEvent"));
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        String key = kafka == null || kafka.getKey() == null ? null : kafka.getKey().toString();
        Instant time = ce.getTimeStamp().map(t -> t.toInstant()).orElse(null);
        return new IncomingEvent(ce.getId(), ce.getType(), ce.getSource().toString(),
                ce.getSubject().orElse(null), time, kafka == null ? null : kafka.getTopic(), key, message.getPayload());
    }
}
