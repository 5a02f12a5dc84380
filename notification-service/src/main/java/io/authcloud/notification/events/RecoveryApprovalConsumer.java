package io.authcloud.notification.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.domain.signin.SignInRequest;
import io.authcloud.notification.domain.signin.SignInService;
import io.authcloud.notification.events.ConsumedEvents;
import io.authcloud.notification.events.RecoveryApprovalRequested;
import io.authcloud.notification.events.RecoveryCancelled;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.platform.inbox.PoisonEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The recovery events that open and close recovery approval requests: {@code RecoveryApprovalRequested}
 * opens one and, once it is committed, pushes it to the person's other phones; {@code RecoveryCancelled}
 * expires the recovery's open ones. Handed its records by the {@code recovery-events} consumer.
 */
@ApplicationScoped
public class RecoveryApprovalConsumer {

    private static final String CONSUMER = "recovery-approvals";

    private final EventInbox inbox;
    private final SignInService signIns;
    private final ObjectMapper objectMapper;

    public RecoveryApprovalConsumer(EventInbox inbox, SignInService signIns, ObjectMapper objectMapper) {
        this.inbox = inbox;
        this.signIns = signIns;
        this.objectMapper = objectMapper;
    }

    /** Whether records of this CloudEvents type are handled here. */
    public boolean handles(String type) {
        return type != null && (ConsumedEvents.RECOVERY_APPROVAL_REQUESTED.equals(type) || ConsumedEvents.RECOVERY_CANCELLED.equals(type));
    }

    public Uni<Void> consume(Message<String> message) {
        AtomicReference<SignInService.Created> opened = new AtomicReference<>();
        return inbox.handle(CONSUMER, message, event -> {
                    opened.set(null);
                    if (ConsumedEvents.RECOVERY_CANCELLED.equals(event.type())) {
                        return signIns.expireRecoveryApprovals(cancelled(event).recoveryId());
                    }
                    return signIns.openRecoveryApproval(requested(event)).invoke(opened::set);
                })
                // Pushed after the commit (a phone answering at once finds the request), and only when it
                // was committed: a redelivered event opened nothing and pushes nothing again.
                .call(() -> opened.get() == null ? Uni.createFrom().voidItem()
                        : Panache.withSession(() -> SignInRequest.<SignInRequest>findById(opened.get().request().id))
                                .flatMap(committed -> committed == null ? Uni.createFrom().voidItem()
                                        : signIns.pushAll(opened.get())));
    }

    private RecoveryApprovalRequested requested(IncomingEvent event) {
        RecoveryApprovalRequested requested = read(event, RecoveryApprovalRequested.class);
        if (requested.approvalId() == null || requested.recoveryId() == null || requested.owner() == null
                || requested.deviceId() == null || requested.expiresAt() == null || requested.number() == null) {
            throw new PoisonEvent("RecoveryApprovalRequested " + event.id() + " lacks required fields");
        }
        if (requested.number() < 10 || requested.number() > 99) {
            throw new PoisonEvent("RecoveryApprovalRequested " + event.id() + " has a number outside 10-99");
        }
        return requested;
    }

    private RecoveryCancelled cancelled(IncomingEvent event) {
        RecoveryCancelled cancelled = read(event, RecoveryCancelled.class);
        if (cancelled.recoveryId() == null) {
            throw new PoisonEvent("RecoveryCancelled " + event.id() + " names no recovery");
        }
        return cancelled;
    }

    private <T> T read(IncomingEvent event, Class<T> type) {
        return event.read(objectMapper, type);
    }
}
