package io.authcloud.recovery.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.erasure.ErasureEvents;
import io.authcloud.platform.inbox.EventHandlers;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.recovery.domain.catalogue.BackupCatalogue;
import io.authcloud.recovery.domain.transfer.KeyTransfers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * {@code backup-events} feed the backup catalogue, and drive this service's side of backup transfers (a
 * request waits for its second factor; a failed transfer takes back the key copied for it), and confirm backup-service's
 * part of an erasure. Each event once.
 */
@ApplicationScoped
public class BackupEventsConsumer {

    private static final String CONSUMER = "backup-catalogue";

    /** What this service reads of BackupTransferRequested and BackupTransferFailed (tolerant reader). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TransferFact(UUID transferId, String owner, String provider, String storageAccount, String keyId,
            String targetProvider, String targetStorageAccount, String deviceId, Instant requestedAt, Instant expiresAt) {
    }

    private final EventHandlers<Void> transferHandlers = EventHandlers.<Void>of()
            .on(ConsumedEvents.BACKUP_TRANSFER_REQUESTED, this::transferRequested)
            .on(ConsumedEvents.BACKUP_TRANSFER_FAILED, this::transferFailed)
            .on(ErasureEvents.BACKUP_DATA_ERASED, this::backupDataErased);

    private final EventInbox inbox;
    private final BackupCatalogue catalogue;
    private final KeyTransfers transfers;
    private final ErasureConfirmations confirmations;
    private final ObjectMapper objectMapper;

    public BackupEventsConsumer(EventInbox inbox, BackupCatalogue catalogue, KeyTransfers transfers,
            ErasureConfirmations confirmations, ObjectMapper objectMapper) {
        this.confirmations = confirmations;
        this.inbox = inbox;
        this.catalogue = catalogue;
        this.transfers = transfers;
        this.objectMapper = objectMapper;
    }

    @Incoming("backup-events")
    public Uni<Void> consume(Message<String> message) {
        return inbox.handle(CONSUMER, message, event -> transferHandlers.handles(event.type())
                ? transferHandlers.apply(event) : catalogue.apply(event));
    }

    private Uni<Void> transferRequested(IncomingEvent event) {
        TransferFact fact = event.read(objectMapper, TransferFact.class);
        event.require(fact.transferId(), fact.owner(), fact.provider(), fact.storageAccount(), fact.keyId(),
                fact.targetProvider(), fact.targetStorageAccount(), fact.deviceId(), fact.requestedAt(), fact.expiresAt());
        return transfers.requested(new KeyTransfers.Request(fact.transferId(), fact.owner(), fact.provider(),
                fact.storageAccount(), fact.keyId(), fact.targetProvider(), fact.targetStorageAccount(), fact.deviceId(),
                fact.requestedAt(), fact.expiresAt()));
    }

    private Uni<Void> transferFailed(IncomingEvent event) {
        TransferFact fact = event.read(objectMapper, TransferFact.class);
        event.require(fact.transferId(), fact.owner());
        return transfers.failed(fact.transferId(), fact.owner());
    }

    private Uni<Void> backupDataErased(IncomingEvent event) {
        return confirmations.apply("backup-service", event);
    }
}
