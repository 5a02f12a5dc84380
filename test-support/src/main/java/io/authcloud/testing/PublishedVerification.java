package io.authcloud.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * verification-service's {@code VerificationSucceeded}, published on real Kafka the way it publishes it,
 * for the services that consume it (the recovery saga, the credential grants). A null {@code purpose} is
 * left out, as verification-service wrote the event before purposes.
 */
public record PublishedVerification(UUID verificationId, String purpose, String owner, UUID recoveryId, String accountRef,
        String deviceId, String method, String tenant) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Publishes it as the event {@code eventId}; answers the event id. */
    public String publish(KafkaPublisher kafka, String eventId) {
        return publishAs(kafka, eventId, "/authcloud/verification-service", owner);
    }

    /** Publishes it as {@code source} would, keyed by {@code key}: a forgery unless they are verification-service and the owner. */
    public String publishAs(KafkaPublisher kafka, String eventId, String source, String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("verificationId", verificationId.toString());
        body.put("owner", owner);
        if (purpose != null) {
            body.put("purpose", purpose);
        }
        body.put("recoveryId", recoveryId == null ? null : recoveryId.toString());
        body.put("accountRef", accountRef);
        body.put("deviceId", deviceId);
        body.put("method", method);
        body.put("tenant", tenant);
        body.put("verifiedAt", Instant.now().toString());
        try {
            return kafka.publish("verification-events", eventId, key, "io.authcloud.verification.VerificationSucceeded",
                    source, "verifications/" + verificationId, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
