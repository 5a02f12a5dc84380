package io.authcloud.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Whom a consumer believes: a record only from the service that owns its topic (its CloudEvents
 * {@code source} is {@code /authcloud/<owner>}, and only that service's Kafka principal may write the topic), and
 * only about the person its key names (the event's {@code owner} is the record key). Anything else is refused
 * as a {@link PoisonEvent} ({@code wrong-source}, {@code wrong-key}): it goes to the dead-letter topic and
 * changes nothing. The ACLs keep strangers off the topics; this check keeps a service that may write one topic
 * from speaking for another, and a record from being about someone else than its key.
 */
@ApplicationScoped
public class EventOrigins {

    private final Map<String, String> owners;
    private final String topicPrefix;
    private final ObjectMapper objectMapper;

    public EventOrigins(EventOriginsConfig config, OutboxConfig outbox, ObjectMapper objectMapper) {
        this.owners = Map.copyOf(config.topicOwners());
        this.topicPrefix = outbox.topicPrefix().orElse("");
        this.objectMapper = objectMapper;
    }

    /** Refuses {@code event} unless it came from its topic's owner and is about the person its key names. */
    public void verify(IncomingEvent event) {
        String owner = event.topic() == null ? null : owners.get(topicName(event.topic()));
        if (owner == null || !("/authcloud/" + owner).equals(event.source())) {
            throw new PoisonEvent("wrong-source", "The record on " + event.topic() + " does not come from "
                    + (owner == null ? "a known owner of that topic" : owner));
        }
        if (event.key() == null || !event.key().equals(ownerOf(event))) {
            throw new PoisonEvent("wrong-key", event.type() + " " + event.id() + " is keyed by someone else than its owner");
        }
    }

    private String topicName(String topic) {
        return topic.startsWith(topicPrefix) ? topic.substring(topicPrefix.length()) : topic;
    }

    private String ownerOf(IncomingEvent event) {
        try {
            JsonNode owner = objectMapper.readTree(event.data()).path("owner");
            return owner.isTextual() ? owner.asText() : null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEvent("Unreadable " + event.type() + " " + event.id());
        }
    }
}
