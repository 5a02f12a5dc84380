package io.authcloud.notification.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.domain.credentials.CredentialService;
import io.authcloud.notification.events.ConsumedEvents;
import io.authcloud.notification.events.VerificationSucceeded;
import io.authcloud.platform.inbox.EventHandlers;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.platform.inbox.PoisonEvent;
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

    private final EventHandlers<Void> handlers = EventHandlers.<Void>of()
            .on(ConsumedEvents.VERIFICATION_SUCCEEDED, this::grant);

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
        return inbox.handle(CONSUMER, message, handlers::apply);
    }

    private Uni<Void> grant(IncomingEvent event) {
        VerificationSucceeded verified = event.read(objectMapper, VerificationSucceeded.class);
        event.require(verified.verificationId(), verified.owner(), verified.deviceId(), verified.verifiedAt());
        String purpose = verified.purposeOrDefault();
        if (VerificationSucceeded.KEY_RELEASE.equals(purpose)) {
            // Recorded, so that using it for a credential is refused as what it is, not as "pending".
            if (verified.recoveryId() == null) {
                throw new PoisonEvent("VerificationSucceeded " + event.id() + " proves a key release without naming its recovery");
            }
        } else if (VerificationSucceeded.TRANSFER.equals(purpose)) {
            // The same: a backup transfer's second factor, recorded so that it is refused as a credential's proof.
            if (verified.transferId() == null) {
                throw new PoisonEvent("VerificationSucceeded " + event.id() + " proves a transfer without naming it");
            }
        } else if (VerificationSucceeded.ERASURE.equals(purpose)) {
            // The same: the second factor of an erasure of everything about the person.
            if (verified.erasureId() == null) {
                throw new PoisonEvent("VerificationSucceeded " + event.id() + " proves an erasure without naming it");
            }
        } else if (!VerificationSucceeded.ACCOUNT.equals(purpose)) {
            throw new PoisonEvent("VerificationSucceeded " + event.id() + " has an unknown purpose");
        } else {
            event.require(verified.accountRef());
        }
        if ("qr".equals(verified.method()) != (verified.tenant() != null)) {
            throw new PoisonEvent("VerificationSucceeded " + event.id()
                    + " must name a tenant exactly when it was proven by an activation code");
        }
        return credentials.recordGrant(verified);
    }
}
