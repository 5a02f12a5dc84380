package io.authcloud.notification.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.events.VerificationSucceeded;
import io.authcloud.platform.inbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns VerificationSucceeded events of {@code verification-events} into credential grants; a
 * {@code key-release} verification is recorded as such and never allows a credential.
 */
@ApplicationScoped
public class GrantConsumer {

    private static final String CONSUMER = "credential-grants";

    private final EventInbox inbox;
    private final CredentialService credentials;
    private final ObjectMapper objectMapper;

    public GrantConsumer(EventInbox inbox, CredentialService credentials, ObjectMapper objectMapper) {
        this.inbox = inbox;
        this.credentials = credentials;
        this.objectMapper = objectMapper;
    }

    @Incoming("verification-events")
    public Uni<Void> consume(Message<String> message) {
        return inbox.handle(CONSUMER, message, event -> {
            if (!event.type().endsWith(".VerificationSucceeded")) {
                return Uni.createFrom().voidItem();
            }
            try {
                VerificationSucceeded verified = objectMapper.readValue(event.data(), VerificationSucceeded.class);
                if (verified.verificationId() == null || verified.owner() == null || verified.deviceId() == null
                        || verified.verifiedAt() == null) {
                    throw new IllegalArgumentException("VerificationSucceeded " + event.id() + " lacks required fields");
                }
                String purpose = verified.purposeOrDefault();
                if (VerificationSucceeded.KEY_RELEASE.equals(purpose)) {
                    // Recorded, so that using it for a credential is refused as what it is, not as "pending".
                    if (verified.recoveryId() == null) {
                        throw new IllegalArgumentException("VerificationSucceeded " + event.id()
                                + " proves a key release without naming its recovery");
                    }
                } else if (!VerificationSucceeded.ACCOUNT.equals(purpose)) {
                    throw new IllegalArgumentException("VerificationSucceeded " + event.id() + " has an unknown purpose");
                } else if (verified.accountRef() == null) {
                    throw new IllegalArgumentException("VerificationSucceeded " + event.id() + " lacks required fields");
                }
                if ("qr".equals(verified.method()) != (verified.tenant() != null)) {
                    throw new IllegalArgumentException("VerificationSucceeded " + event.id()
                            + " must name a tenant exactly when it was proven by an activation code");
                }
                return credentials.recordGrant(verified);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Unreadable VerificationSucceeded " + event.id());
            }
        });
    }
}
