package io.authcloud.recovery.domain.transfer;

import io.authcloud.platform.inbox.PoisonEvent;
import io.authcloud.recovery.domain.escrow.KeyEscrow;
import io.authcloud.recovery.domain.release.KeyReleaseService;
import io.authcloud.recovery.events.RecoveryEvents;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * recovery-service's side of a backup transfer (a saga with backup-service, over events, each handled in the
 * consumer's transaction): the escrowed key is copied next to the target only when backup-service asked for
 * the transfer and the same person proved a {@code transfer} verification on the phone that asked, in time,
 * while their failed second factors do not lock them; it is removed again when backup-service could not copy
 * the backup. A verification naming another person's transfer changes nothing.
 */
@ApplicationScoped
public class KeyTransfers {

    /** What backup-service's BackupTransferRequested tells. */
    public record Request(UUID transferId, String owner, String provider, String storageAccount, String keyId,
            String targetProvider, String targetStorageAccount, String deviceId, Instant requestedAt, Instant expiresAt) {
    }

    private final KeyEscrow escrow;
    private final KeyReleaseService keyReleases;
    private final RecoveryEvents events;
    private final Clock clock;

    public KeyTransfers(KeyEscrow escrow, KeyReleaseService keyReleases, RecoveryEvents events, Clock clock) {
        this.escrow = escrow;
        this.keyReleases = keyReleases;
        this.events = events;
        this.clock = clock;
    }

    /** backup-service asked for a transfer: the key is copied now if its proof came first. */
    @WithTransaction
    public Uni<Void> requested(Request request) {
        return locked(request.transferId()).flatMap(found -> {
            KeyTransfer transfer = found != null ? found : fresh(request.transferId(), request.owner());
            if (transfer.isRequested()) {
                return Uni.createFrom().voidItem();
            }
            if (!transfer.owner.equals(request.owner())) {
                Log.warnf("Transfer %s: a proof by another person came first; it counts for nothing", request.transferId());
                transfer.owner = request.owner();
                transfer.provedAt = null;
                transfer.provedBy = null;
                transfer.provedOnDevice = null;
            }
            transfer.provider = request.provider();
            transfer.storageAccount = request.storageAccount();
            transfer.keyId = request.keyId();
            transfer.targetProvider = request.targetProvider();
            transfer.targetStorageAccount = request.targetStorageAccount();
            transfer.deviceId = request.deviceId();
            transfer.requestedAt = request.requestedAt();
            transfer.expiresAt = request.expiresAt();
            return (found == null ? transfer.persist() : Uni.createFrom().voidItem()).chain(() -> copyIfProven(transfer));
        });
    }

    /** A {@code transfer} verification succeeded: it proves the second factor of that person's transfer only. */
    @WithTransaction
    public Uni<Void> verified(String owner, UUID transferId, String deviceId, String method, Instant at) {
        if (!KeyReleaseService.EMAIL.equals(method) && !KeyReleaseService.SMS.equals(method)) {
            throw new PoisonEvent("A transfer verification is proven by email or sms, not " + method);
        }
        return locked(transferId).flatMap(found -> {
            if (found != null && !found.owner.equals(owner)) {
                Log.warnf("Transfer %s: a verification of another person names it; ignored", transferId);
                return Uni.createFrom().voidItem();
            }
            KeyTransfer transfer = found != null ? found : fresh(transferId, owner);
            if (transfer.state != KeyTransfer.State.PENDING) {
                return Uni.createFrom().voidItem();
            }
            transfer.provedBy = method;
            transfer.provedOnDevice = deviceId;
            transfer.provedAt = at;
            return (found == null ? transfer.persist() : Uni.createFrom().voidItem()).chain(() -> copyIfProven(transfer));
        });
    }

    /**
     * backup-service could not copy the backup (or the transfer failed on this side): a key this transfer
     * copied is removed, unless it was replaced since.
     */
    @WithTransaction
    public Uni<Void> failed(UUID transferId, String owner) {
        return locked(transferId).flatMap(transfer -> {
            if (transfer == null || !transfer.owner.equals(owner)) {
                return Uni.createFrom().voidItem();
            }
            if (transfer.state == KeyTransfer.State.PENDING) {
                transfer.state = KeyTransfer.State.FAILED;
                transfer.failure = "transfer-failed";
                return Uni.createFrom().voidItem();
            }
            if (transfer.state != KeyTransfer.State.COPIED) {
                return Uni.createFrom().voidItem();
            }
            transfer.state = KeyTransfer.State.UNDONE;
            if (!transfer.keyCreated) {
                return Uni.createFrom().voidItem();
            }
            return escrow.removeCopy(owner, transfer.targetProvider, transfer.targetStorageAccount, transfer.keyId)
                    .invoke(removed -> Log.infof("Transfer %s failed: the key %s copied to %s/%s %s", transferId,
                            transfer.keyId, transfer.targetProvider, transfer.targetStorageAccount,
                            removed ? "is removed" : "was replaced since and stays"))
                    .replaceWithVoid();
        });
    }

    private Uni<Void> copyIfProven(KeyTransfer transfer) {
        if (transfer.state != KeyTransfer.State.PENDING || !transfer.isRequested() || transfer.provedAt == null) {
            return Uni.createFrom().voidItem();
        }
        if (!transfer.isProven()) {
            Log.warnf("Transfer %s: its code was proven on device %s (not the asking phone %s) or after it expired; ignored",
                    transfer.transferId, transfer.provedOnDevice, transfer.deviceId);
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return keyReleases.isLocked(transfer.owner).flatMap(locked -> {
            if (locked) {
                return fail(transfer, "verification-locked", now);
            }
            return escrow.find(transfer.owner, transfer.provider, transfer.storageAccount, transfer.keyId).flatMap(source -> {
                if (source == null) {
                    return fail(transfer, "key-not-escrowed", now);
                }
                return escrow.copy(source, transfer.targetProvider, transfer.targetStorageAccount, now).flatMap(copy -> {
                    if (copy == KeyEscrow.Copy.CONFLICT) {
                        return fail(transfer, "key-conflict", now);
                    }
                    transfer.state = KeyTransfer.State.COPIED;
                    transfer.keyCreated = copy == KeyEscrow.Copy.CREATED;
                    transfer.copiedAt = now;
                    Log.infof("Transfer %s of %s: key %s copied to %s/%s after a %s second factor", transfer.transferId,
                            transfer.owner, transfer.keyId, transfer.targetProvider, transfer.targetStorageAccount,
                            transfer.provedBy);
                    return events.keyCopied(transfer).replaceWithVoid();
                });
            });
        });
    }

    private Uni<Void> fail(KeyTransfer transfer, String reason, Instant now) {
        transfer.state = KeyTransfer.State.FAILED;
        transfer.failure = reason;
        Log.infof("Transfer %s of %s: the key is not copied (%s)", transfer.transferId, transfer.owner, reason);
        return events.keyCopyFailed(transfer, now).replaceWithVoid();
    }

    private static Uni<KeyTransfer> locked(UUID transferId) {
        return KeyTransfer.findById(transferId, LockModeType.PESSIMISTIC_WRITE);
    }

    private static KeyTransfer fresh(UUID transferId, String owner) {
        KeyTransfer transfer = new KeyTransfer();
        transfer.transferId = transferId;
        transfer.owner = owner;
        transfer.state = KeyTransfer.State.PENDING;
        return transfer;
    }
}
