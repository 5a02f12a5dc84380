package io.authcloud.notification.domain.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.platform.crypto.ServiceJwe;
import io.authcloud.platform.inbox.PoisonEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Opens the JWE of a code delivery request with this service's private key. Anything else (another
 * key id, another algorithm, a tampered token) is refused, and the request goes to the dead-letter topic.
 * The key is read at start: a missing or unreadable key stops the start.
 */
@ApplicationScoped
@Startup
public class CodeDecrypter {

    private final ServiceJwe.Receiver receiver;
    private final ObjectMapper objectMapper;

    public CodeDecrypter(NotificationConfig config, ObjectMapper objectMapper) {
        this.receiver = ServiceJwe.receiver(config.jwePrivateKey(), config.jweKeyId());
        this.objectMapper = objectMapper;
    }

    public OtpDelivery decrypt(String compactJwe) {
        try {
            return objectMapper.readValue(receiver.open(compactJwe), OtpDelivery.class);
        } catch (ServiceJwe.Refused e) {
            throw new UndeliverableRequest("The delivery request is " + e.getMessage());
        } catch (IOException e) {
            throw new UndeliverableRequest("The delivery request does not hold a code delivery");
        }
    }

    /** A request that no retry can deliver. */
    public static class UndeliverableRequest extends PoisonEvent {
        public UndeliverableRequest(String message) {
            super(message);
        }
    }
}
