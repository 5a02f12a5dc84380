package io.authcloud.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.backup.domain.BackupTransfers;
import io.authcloud.backup.domain.PersonalData;
import io.authcloud.platform.erasure.ErasureEvents;
import io.authcloud.platform.inbox.EventHandlers;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What backup-service hears on {@code recovery-events}: recovery-service's side of a transfer (the escrowed key was
 * copied after the person's second factor, so the version is copied now; or it could not be, so the transfer
 * fails), and the erasure of a person (their backups go; BackupDataErased confirms). Every other recovery event is
 * skipped. Each event once; a transfer's own state makes a repeat change nothing, an erasure's repeat confirms again.
 */
@ApplicationScoped
public class RecoveryEventsConsumer {

    static final String KEY_COPIED = "io.authcloud.recovery.RecoveryKeyCopied";
    static final String KEY_COPY_FAILED = "io.authcloud.recovery.RecoveryKeyCopyFailed";
    private static final String CONSUMER = "backup-transfers";

    /** What this service reads of RecoveryKeyCopied and RecoveryKeyCopyFailed (tolerant reader). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeyCopyFact(UUID transferId, String owner, String reason) {
    }

    /** What this service reads of ErasureRequested. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErasureFact(UUID erasureId, String owner, List<String> services) {
    }

    private final EventHandlers<Void> handlers = EventHandlers.<Void>of()
            .on(KEY_COPIED, this::keyCopied)
            .on(KEY_COPY_FAILED, this::keyCopyFailed)
            .on(ErasureEvents.ERASURE_REQUESTED, this::erasureRequested);

    private final EventInbox inbox;
    private final BackupTransfers transfers;
    private final PersonalData personalData;
    private final ObjectMapper objectMapper;

    public RecoveryEventsConsumer(EventInbox inbox, BackupTransfers transfers, PersonalData personalData,
            ObjectMapper objectMapper) {
        this.personalData = personalData;
        this.inbox = inbox;
        this.transfers = transfers;
        this.objectMapper = objectMapper;
    }

    @Incoming("recovery-events")
    public Uni<Void> consume(Message<String> message) {
        return inbox.handle(CONSUMER, message, handlers::apply);
    }

    private Uni<Void> keyCopied(IncomingEvent event) {
        KeyCopyFact fact = event.read(objectMapper, KeyCopyFact.class);
        event.require(fact.transferId(), fact.owner());
        return transfers.keyCopied(fact.transferId(), fact.owner());
    }

    private Uni<Void> keyCopyFailed(IncomingEvent event) {
        KeyCopyFact fact = event.read(objectMapper, KeyCopyFact.class);
        event.require(fact.transferId(), fact.owner(), fact.reason());
        return transfers.keyCopyFailed(fact.transferId(), fact.owner(), fact.reason());
    }

    private Uni<Void> erasureRequested(IncomingEvent event) {
        ErasureFact fact = event.read(objectMapper, ErasureFact.class);
        event.require(fact.erasureId(), fact.owner());
        if (fact.services() != null && !fact.services().contains(PersonalData.SERVICE)) {
            return Uni.createFrom().voidItem();
        }
        return personalData.erase(fact.erasureId(), fact.owner());
    }
}
