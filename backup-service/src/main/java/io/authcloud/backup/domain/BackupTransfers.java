package io.authcloud.backup.domain;

import io.authcloud.backup.config.BackupConfig;
import io.authcloud.backup.events.BackupEvents;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Moves a backup to another storage location, as one side of a saga with recovery-service: a request waits
 * for the person's second factor, which recovery-service checks before it copies the escrowed key next to the
 * target (RecoveryKeyCopied); then the version named by the request is copied here, in one transaction with
 * the transfer's new state and its events. When the copy cannot be made, BackupTransferFailed lets
 * recovery-service remove the key it copied. The source is never touched.
 */
@ApplicationScoped
public class BackupTransfers {

    /** A transfer request's outcome: the transfer, and whether this request made it. */
    public record Requested(BackupTransfer transfer, boolean created) {
    }

    private static final WireNameConverters.ProviderConverter PROVIDERS = new WireNameConverters.ProviderConverter();

    private final BackupStore store;
    private final BackupWrites writes;
    private final BackupEvents events;
    private final BackupConfig config;
    private final Clock clock;

    public BackupTransfers(BackupStore store, BackupWrites writes, BackupEvents events, BackupConfig config, Clock clock) {
        this.store = store;
        this.writes = writes;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Asks to copy the current version of the live backup at {@code source} to {@code target}, where no live
     * backup may be. The same open request again (same target, device and version) answers the open transfer;
     * any other replaces the open ones of this backup. The source's row is locked: requests for one backup
     * are serialised.
     */
    @WithTransaction
    public Uni<Requested> request(String owner, StorageLocation source, StorageLocation target, String deviceId) {
        Instant now = clock.instant();
        return findForUpdate(owner, source).flatMap(backup -> {
            if (backup == null) {
                throw BackupProblems.notFound(source);
            }
            if (backup.isDeleted()) {
                throw BackupProblems.deleted(backup);
            }
            return Backup.<Backup>find("owner = ?1 and provider = ?2 and storageAccount = ?3", owner, target.provider(),
                            target.storageAccount()).firstResult()
                    .flatMap(there -> {
                        if (there != null && !there.isDeleted()) {
                            throw BackupProblems.targetInUse(target);
                        }
                        return BackupTransfer.<BackupTransfer>list("owner = ?1 and provider = ?2 and storageAccount = ?3"
                                + " and state = ?4", owner, source.provider(), source.storageAccount(),
                                BackupTransfer.State.SECOND_FACTOR_REQUIRED);
                    })
                    .flatMap(open -> answer(owner, backup, target, deviceId, open, now));
        });
    }

    private Uni<Requested> answer(String owner, Backup backup, StorageLocation target, String deviceId,
            List<BackupTransfer> open, Instant now) {
        for (BackupTransfer transfer : open) {
            if (transfer.stateAt(now) == BackupTransfer.State.SECOND_FACTOR_REQUIRED && transfer.target().equals(target)
                    && transfer.deviceId.equals(deviceId) && transfer.version == backup.currentVersion) {
                return Uni.createFrom().item(new Requested(transfer, false));
            }
        }
        open.forEach(transfer -> {
            transfer.state = BackupTransfer.State.REPLACED;
            transfer.completedAt = now;
        });
        BackupTransfer transfer = new BackupTransfer();
        transfer.id = UUID.randomUUID();
        transfer.owner = owner;
        transfer.provider = backup.provider;
        transfer.storageAccount = backup.storageAccount;
        transfer.version = backup.currentVersion;
        transfer.keyId = backup.keyId;
        transfer.targetProvider = target.provider();
        transfer.targetStorageAccount = target.storageAccount();
        transfer.deviceId = deviceId;
        transfer.state = BackupTransfer.State.SECOND_FACTOR_REQUIRED;
        transfer.createdAt = now;
        transfer.expiresAt = now.plus(config.transferValidity());
        return transfer.persist()
                .chain(() -> events.transferRequested(transfer))
                .invoke(() -> Log.infof("Transfer %s of %s: version %d of %s/%s to %s/%s asked from device %s%s",
                        transfer.id, owner, transfer.version, transfer.provider, transfer.storageAccount,
                        transfer.targetProvider, transfer.targetStorageAccount, deviceId,
                        open.isEmpty() ? "" : " (replaces " + open.size() + " open)"))
                .replaceWith(new Requested(transfer, true));
    }

    /** The owner's transfer of the backup at {@code source}; any other is not found. */
    @WithSession
    public Uni<BackupTransfer> find(String owner, StorageLocation source, UUID id) {
        return BackupTransfer.<BackupTransfer>findById(id).map(transfer -> {
            if (transfer == null || !transfer.owner.equals(owner) || !transfer.source().equals(source)) {
                throw BackupProblems.transferNotFound();
            }
            return transfer;
        });
    }

    /**
     * recovery-service copied the escrowed key after the person's second factor: copies the version now, in one
     * transaction with the transfer's state and its event. A transfer that is no longer open (replaced since)
     * fails, so the key copied for it is removed; one already done or failed is left as it is.
     */
    public Uni<Void> keyCopied(UUID id, String owner) {
        Instant now = clock.instant();
        return writes.transaction(connection -> lock(connection, id, owner).flatMap(transfer -> {
            if (transfer == null || transfer.state == BackupTransfer.State.COMPLETED
                    || transfer.state == BackupTransfer.State.FAILED) {
                return Uni.createFrom().voidItem();
            }
            if (transfer.state == BackupTransfer.State.REPLACED) {
                return fail(connection, transfer, "replaced", now);
            }
            return store.copy(connection, owner, transfer.source(), transfer.version, transfer.target()).flatMap(copy -> {
                if (copy.refusal() != null) {
                    return fail(connection, transfer, copy.refusal(), now);
                }
                transfer.state = BackupTransfer.State.COMPLETED;
                transfer.targetVersion = copy.target().currentVersion;
                transfer.completedAt = now;
                return update(connection, transfer)
                        .chain(() -> events.transferred(connection, transfer))
                        .invoke(() -> Log.infof("Transfer %s of %s done: version %d of %s/%s is version %d of %s/%s",
                                id, owner, transfer.version, transfer.provider, transfer.storageAccount,
                                transfer.targetVersion, transfer.targetProvider, transfer.targetStorageAccount))
                        .replaceWithVoid();
            });
        }));
    }

    /** recovery-service could not copy the key ({@code reason}): the transfer fails; nothing was copied. */
    public Uni<Void> keyCopyFailed(UUID id, String owner, String reason) {
        Instant now = clock.instant();
        return writes.transaction(connection -> lock(connection, id, owner).flatMap(transfer ->
                transfer == null || transfer.state == BackupTransfer.State.COMPLETED
                        || transfer.state == BackupTransfer.State.FAILED
                        ? Uni.createFrom().voidItem()
                        : fail(connection, transfer, reason, now)));
    }

    private Uni<Void> fail(SqlConnection connection, BackupTransfer transfer, String reason, Instant now) {
        transfer.state = BackupTransfer.State.FAILED;
        transfer.failure = reason;
        transfer.completedAt = now;
        return update(connection, transfer)
                .chain(() -> events.transferFailed(connection, transfer))
                .invoke(() -> Log.infof("Transfer %s of %s failed: %s", transfer.id, transfer.owner, reason))
                .replaceWithVoid();
    }

    /** The transfer, locked until the transaction ends, when it is {@code owner}'s; otherwise null. */
    private Uni<BackupTransfer> lock(SqlConnection connection, UUID id, String owner) {
        return connection.preparedQuery("SELECT * FROM backup_transfer WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> {
                    var iterator = rows.iterator();
                    BackupTransfer transfer = iterator.hasNext() ? transfer(iterator.next()) : null;
                    if (transfer != null && !transfer.owner.equals(owner)) {
                        Log.warnf("An event names transfer %s with another owner than its own; ignored", id);
                        return null;
                    }
                    if (transfer == null) {
                        Log.warnf("An event names transfer %s, which does not exist; ignored", id);
                    }
                    return transfer;
                });
    }

    private static Uni<Void> update(SqlConnection connection, BackupTransfer t) {
        return connection.preparedQuery("UPDATE backup_transfer SET state = $2, failure = $3, target_version = $4,"
                        + " completed_at = $5 WHERE id = $1")
                .execute(Tuple.of(t.id, t.state.name(), t.failure, t.targetVersion, t.completedAt.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static BackupTransfer transfer(Row row) {
        BackupTransfer t = new BackupTransfer();
        t.id = row.getUUID("id");
        t.owner = row.getString("owner");
        t.provider = PROVIDERS.convertToEntityAttribute(row.getString("provider"));
        t.storageAccount = row.getString("storage_account");
        t.version = row.getInteger("version");
        t.keyId = row.getString("key_id");
        t.targetProvider = PROVIDERS.convertToEntityAttribute(row.getString("target_provider"));
        t.targetStorageAccount = row.getString("target_storage_account");
        t.deviceId = row.getString("device_id");
        t.state = BackupTransfer.State.valueOf(row.getString("state"));
        t.failure = row.getString("failure");
        t.targetVersion = row.getInteger("target_version");
        t.createdAt = row.getOffsetDateTime("created_at").toInstant();
        t.expiresAt = row.getOffsetDateTime("expires_at").toInstant();
        return t;
    }

    private static Uni<Backup> findForUpdate(String owner, StorageLocation location) {
        return Backup.<Backup>find("owner = ?1 and provider = ?2 and storageAccount = ?3",
                        owner, location.provider(), location.storageAccount())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
