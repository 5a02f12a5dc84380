package io.authcloud.recovery.events;

import io.authcloud.platform.observability.Outcomes;
import io.authcloud.platform.outbox.EventWriter;
import io.authcloud.platform.outbox.Outbox;
import io.authcloud.recovery.domain.erasure.Erasure;
import io.authcloud.recovery.domain.escrow.EscrowedKey;
import io.authcloud.recovery.domain.release.RecoveryApproval;
import io.authcloud.recovery.domain.saga.RecoverySession;
import io.authcloud.recovery.domain.transfer.KeyTransfer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes recovery events into the outbox, in the caller's transaction, for {@value #TOPIC}. */
@ApplicationScoped
public class RecoveryEvents extends EventWriter {

    public static final String TOPIC = "recovery-events";
    public static final String TYPE_PREFIX = "io.authcloud.recovery.";

    private final Outcomes outcomes;

    public RecoveryEvents(Outbox outbox, Outcomes outcomes) {
        super(outbox, TYPE_PREFIX);
        this.outcomes = outcomes;
    }

    public Uni<UUID> started(RecoverySession s) {
        outcomes.count("recoveries", "outcome", "started");
        return append(s, new RecoveryStarted(s.id, s.owner, s.deviceId, s.platform, s.provider, s.storageAccount,
                s.backupVersion, s.createdAt, s.expiresAt));
    }

    public Uni<UUID> completed(RecoverySession s, int accounts) {
        outcomes.count("recoveries", "outcome", "completed");
        return append(s, new RecoveryCompleted(s.id, s.owner, s.deviceId, s.platform, accounts, s.createdAt, s.completedAt));
    }

    public Uni<UUID> keyReleased(RecoverySession s, String keyId, Instant at) {
        return append(s, new RecoveryKeyReleased(s.id, s.owner, s.deviceId, s.platform, s.provider, s.storageAccount, keyId,
                s.secondFactor, s.createdAt, at));
    }

    public Uni<UUID> approvalRequested(RecoverySession s, RecoveryApproval approval) {
        return append(s, new RecoveryApprovalRequested(approval.id, s.id, s.owner, s.deviceId, s.platform, approval.number,
                approval.requestedAt, approval.expiresAt));
    }

    public Uni<UUID> cancelled(RecoverySession s) {
        outcomes.count("recoveries", "outcome", "cancelled");
        return append(s, new RecoveryCancelled(s.id, s.owner, s.deviceId, s.cancelReason, s.completedAt));
    }

    public Uni<UUID> keyEscrowed(EscrowedKey key, boolean replaced) {
        return append(TOPIC, key.owner, "recovery-keys/" + key.provider + "/" + key.storageAccount,
                new RecoveryKeyEscrowed(key.owner, key.provider, key.storageAccount, key.keyId, key.version, replaced,
                        key.escrowedAt));
    }

    public Uni<UUID> keyCopied(KeyTransfer t) {
        return append(TOPIC, t.owner, subject(t), new RecoveryKeyCopied(t.transferId, t.owner, t.provider, t.storageAccount,
                t.keyId, t.targetProvider, t.targetStorageAccount, t.deviceId, t.provedBy, t.keyCreated, t.copiedAt));
    }

    public Uni<UUID> keyCopyFailed(KeyTransfer t, Instant at) {
        return append(TOPIC, t.owner, subject(t), new RecoveryKeyCopyFailed(t.transferId, t.owner, t.provider,
                t.storageAccount, t.keyId, t.targetProvider, t.targetStorageAccount, t.failure, at));
    }

    /** The CloudEvents subject of a transfer's key: {@code recovery-keys/<provider>/<storage account>/transfers/<id>}. */
    private static String subject(KeyTransfer t) {
        return "recovery-keys/" + t.provider + "/" + t.storageAccount + "/transfers/" + t.transferId;
    }

    /** Asks {@code services} to erase the person's data; forgotten by the outbox once published. */
    public Uni<UUID> erasureRequested(Erasure e, List<String> services) {
        return appendForgotten(TOPIC, e.owner, "erasures/" + e.id, new ErasureRequested(e.id, e.owner, services, e.askedAt));
    }

    /** Every service confirmed: the final mail goes; forgotten by the outbox once published. */
    public Uni<UUID> erasureCompleted(Erasure e, String owner) {
        return appendForgotten(TOPIC, owner, "erasures/" + e.id, new ErasureCompleted(e.id, owner, e.completedAt));
    }

    public Uni<UUID> expired(RecoverySession s) {
        outcomes.count("recoveries", "outcome", "expired");
        return append(s, new RecoveryExpired(s.id, s.owner, s.deviceId, s.completedAt));
    }

    private Uni<UUID> append(RecoverySession s, Record event) {
        return append(TOPIC, s.owner, "recoveries/" + s.id, event);
    }
}
