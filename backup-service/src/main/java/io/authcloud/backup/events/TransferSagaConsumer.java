package io.authcloud.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.backup.domain.BackupTransfers;
import io.authcloud.platform.inbox.EventHandlers;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * recovery-service's side of a transfer, from {@code recovery-events}: the escrowed key was copied after the
 * person's second factor (the version is copied now), or it could not be (the transfer fails). Every other
 * recovery event is skipped. Each event once; a transfer's own state makes a repeat change nothing.
 */
@ApplicationScoped
public class TransferSagaConsumer {

    static final String KEY_COPIED = "io.authcloud.recovery.RecoveryKeyCopied";
    static final String KEY_COPY_FAILED = "io.authcloud.recovery.RecoveryKeyCopyFailed";
    private static final String CONSUMER = "backup-transfers";

    /** What this service reads of RecoveryKeyCopied and RecoveryKeyCopyFailed (tolerant reader). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeyCopyFact(UUID transferId, String owner, String reason) {
    }

    private final EventHandlers<Void> handlers = EventHandlers.<Void>of()
            .on(KEY_COPIED, this::keyCopied)
            .on(KEY_COPY_FAILED, this::keyCopyFailed);

    private final EventInbox inbox;
    private final BackupTransfers transfers;
    private final ObjectMapper objectMapper;

    public TransferSagaConsumer(EventInbox inbox, BackupTransfers transfers, ObjectMapper objectMapper) {
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
}
