package io.authcloud.backup.events;

import io.authcloud.backup.domain.Backup;
import io.authcloud.backup.domain.BackupTransfer;
import io.authcloud.platform.outbox.EventWriter;
import io.authcloud.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Writes backup events into the outbox, in the caller's transaction, for the topic {@value #TOPIC}. */
@ApplicationScoped
public class BackupEvents extends EventWriter {

    public static final String TOPIC = "backup-events";
    public static final String TYPE_PREFIX = "io.authcloud.backup.";

    public BackupEvents(Outbox outbox) {
        super(outbox, TYPE_PREFIX);
    }

    /** The person's backups are erased (an erasure's confirmation); forgotten by the outbox once published. */
    public Uni<UUID> dataErased(UUID erasureId, String owner, Instant erasedAt) {
        return appendForgotten(TOPIC, owner, "erasures/" + erasureId, new BackupDataErased(erasureId, owner, erasedAt));
    }

    /** A new current version, in the write's plain SQL transaction open on {@code connection}. */
    public Uni<UUID> stored(SqlConnection connection, Backup backup) {
        return append(connection, TOPIC, backup.owner, subject(backup), new BackupStored(backup.owner,
                backup.provider, backup.storageAccount, backup.currentVersion, backup.platform, backup.deviceId, backup.sizeBytes, backup.sha256,
                backup.keyId, backup.formatVersion, backup.accountCount, backup.updatedAt));
    }

    public Uni<UUID> deleted(Backup backup) {
        return append(backup, new BackupDeleted(backup.owner, backup.provider, backup.storageAccount,
                backup.currentVersion, backup.deletedAt, backup.restoreDeadline));
    }

    public Uni<UUID> restored(Backup backup, Instant restoredAt) {
        return append(backup, new BackupRestored(backup.owner, backup.provider, backup.storageAccount,
                backup.currentVersion, backup.platform, backup.deviceId, backup.sizeBytes, backup.updatedAt,
                restoredAt));
    }

    public Uni<UUID> purged(Backup backup, Instant purgedAt) {
        return append(backup, new BackupPurged(backup.owner, backup.provider, backup.storageAccount, purgedAt));
    }

    /** A transfer waits for the person's second factor, then for recovery-service to copy the escrowed key. */
    public Uni<UUID> transferRequested(BackupTransfer t) {
        return append(TOPIC, t.owner, subject(t), new BackupTransferRequested(t.id, t.owner, t.provider, t.storageAccount,
                t.version, t.keyId, t.targetProvider, t.targetStorageAccount, t.deviceId, t.createdAt, t.expiresAt));
    }

    /** A transfer copied its version to the target, in the copy's plain SQL transaction. */
    public Uni<UUID> transferred(SqlConnection connection, BackupTransfer t) {
        return append(connection, TOPIC, t.owner, subject(t), new BackupTransferred(t.id, t.owner, t.provider,
                t.storageAccount, t.version, t.keyId, t.targetProvider, t.targetStorageAccount, t.targetVersion, t.deviceId,
                t.createdAt, t.completedAt));
    }

    /** A transfer failed, in the plain SQL transaction that says so. */
    public Uni<UUID> transferFailed(SqlConnection connection, BackupTransfer t) {
        return append(connection, TOPIC, t.owner, subject(t), new BackupTransferFailed(t.id, t.owner, t.provider,
                t.storageAccount, t.keyId, t.targetProvider, t.targetStorageAccount, t.deviceId, t.failure, t.completedAt));
    }

    /** The CloudEvents subject of a transfer: {@code backups/<provider>/<storage account>/transfers/<id>}. */
    public static String subject(BackupTransfer t) {
        return "backups/" + t.provider + "/" + t.storageAccount + "/transfers/" + t.id;
    }

    /** The CloudEvents subject of a backup: {@code backups/<provider>/<storage account>}. */
    public static String subject(Backup backup) {
        return "backups/" + backup.provider + "/" + backup.storageAccount;
    }

    private Uni<UUID> append(Backup backup, Record event) {
        return append(TOPIC, backup.owner, subject(backup), event);
    }
}
