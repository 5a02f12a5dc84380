package io.authcloud.verification.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.crypto.ServiceJwe;
import io.authcloud.verification.config.VerificationConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Encrypts code deliveries for notification-service: JWE with ECDH-ES+A256KW on its P-256 public key and
 * A256GCM content encryption. Only the holder of the matching private key can read the code. The key is
 * read at start: a missing or unreadable key stops the start instead of failing the first code.
 */
@ApplicationScoped
@Startup
public class NotificationEncrypter {

    static final String TYPE = "authcloud-otp+jwe";

    private final ServiceJwe.Sender sender;
    private final ObjectMapper objectMapper;

    public NotificationEncrypter(VerificationConfig config, ObjectMapper objectMapper) {
        this.sender = ServiceJwe.sender(config.notificationPublicKey(), config.notificationKeyId(), TYPE);
        this.objectMapper = objectMapper;
    }

    public String encrypt(OtpDelivery delivery) {
        try {
            return sender.seal(objectMapper.writeValueAsBytes(delivery));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the code delivery of verification " + delivery.verificationId(), e);
        }
    }
}
