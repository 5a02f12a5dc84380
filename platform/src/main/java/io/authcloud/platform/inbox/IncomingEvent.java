package io.authcloud.platform.inbox;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The CloudEvents context of a record read from Kafka: what consumers need to route, deduplicate and
 * order an event without trusting its body for it.
 */
public record IncomingEvent(String id, String type, String source, String subject, Instant time, String key, String data) {

    /**
     * Reads the CloudEvents attributes of a binary-mode record.
     *
     * @throws IllegalArgumentException when the record is not a CloudEvent (it then goes to the dead-letter topic)
     */
    @SuppressWarnings("unchecked")
    public static IncomingEvent from(Message<String> message) {
        IncomingCloudEventMetadata<String> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("The record is not a CloudEvent"));
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getKey() == null ? null : kafka.getKey().toString())
                .orElse(null);
        Instant time = ce.getTimeStamp().map(t -> t.toInstant()).orElse(null);
        return new IncomingEvent(ce.getId(), ce.getType(), ce.getSource().toString(),
                ce.getSubject().orElse(null), time, key, message.getPayload());
    }
}
