package io.authcloud.backup.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The statements of a backup write, in plain SQL on one transaction's connection and without an ORM session:
 * every phone writes after each change, so this is the service's hottest write path (docs/performance.md).
 * The rules (preconditions, pinning, what history keeps) are {@link BackupStore}'s; this class only says
 * them to PostgreSQL, with the same wire names as the entities' converters.
 */
@ApplicationScoped
class BackupWrites {

    /** The backup row's columns that describe its current version: what a create writes and a write replaces. */
    private static final String CURRENT_VERSION_COLUMNS = "current_version, platform, device_id, key_id, format_version,"
            + " size_bytes, sha256, account_count, updated_at";
    private static final String INSERT_BACKUP = "INSERT INTO backup (id, owner, provider, storage_account, created_at, "
            + CURRENT_VERSION_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, " + currentVersionParameters(6) + ")";
    private static final String UPDATE_CURRENT = "UPDATE backup SET (" + CURRENT_VERSION_COLUMNS + ") = ("
            + currentVersionParameters(2) + "), deleted_at = NULL, restore_deadline = NULL WHERE id = $1";

    private final Pool pool;

    BackupWrites(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code work} in one transaction: committed when its Uni succeeds, rolled back when it fails. */
    <T> Uni<T> transaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /**
     * The backup at {@code location}, its row locked until the transaction ends, or null. The lock lets
     * versions referencing the row be inserted meanwhile ({@code NO KEY}), and serialises the writers.
     */
    Uni<Backup> lock(SqlConnection connection, String owner, StorageLocation location) {
        return connection.preparedQuery(BackupReads.SELECT_BY_LOCATION + " FOR NO KEY UPDATE")
                .execute(BackupReads.at(owner, location))
                .map(BackupReads::firstBackup);
    }

    Uni<Void> insert(SqlConnection connection, Backup backup) {
        return connection.preparedQuery(INSERT_BACKUP)
                .execute(currentVersion(Tuple.tuple().addUUID(backup.id).addString(backup.owner)
                        .addString(backup.provider.toString()).addString(backup.storageAccount)
                        .addOffsetDateTime(at(backup.createdAt)), backup))
                .replaceWithVoid();
    }

    /** Makes the backup's row describe its new current version; a deleted backup is live again. */
    Uni<Void> updateCurrent(SqlConnection connection, Backup backup) {
        return connection.preparedQuery(UPDATE_CURRENT)
                .execute(currentVersion(Tuple.tuple().addUUID(backup.id), backup))
                .replaceWithVoid();
    }

    /** The parameters {@code $first, ...} for {@link #CURRENT_VERSION_COLUMNS}. */
    private static String currentVersionParameters(int first) {
        int count = CURRENT_VERSION_COLUMNS.split(",").length;
        return IntStream.range(first, first + count).mapToObj(n -> "$" + n).collect(Collectors.joining(", "));
    }

    /** Appends the values of {@link #CURRENT_VERSION_COLUMNS}, in that order. */
    private static Tuple currentVersion(Tuple tuple, Backup backup) {
        return tuple.addInteger(backup.currentVersion).addString(backup.platform.toString()).addString(backup.deviceId)
                .addString(backup.keyId).addInteger(backup.formatVersion).addInteger(backup.sizeBytes)
                .addString(backup.sha256).addInteger(backup.accountCount).addOffsetDateTime(at(backup.updatedAt));
    }

    /** A kept version of a backup with its ciphertext, or null. */
    Uni<BackupVersion> version(SqlConnection connection, UUID backupId, int number) {
        return connection.preparedQuery("SELECT ciphertext, key_id, format_version, device_id, account_count"
                        + " FROM backup_version WHERE backup_id = $1 AND version = $2")
                .execute(Tuple.of(backupId, number))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return null;
                    }
                    var row = iterator.next();
                    BackupVersion version = new BackupVersion();
                    version.backupId = backupId;
                    version.version = number;
                    version.ciphertext = row.getBuffer("ciphertext").getBytes();
                    version.keyId = row.getString("key_id");
                    version.formatVersion = row.getInteger("format_version");
                    version.deviceId = row.getString("device_id");
                    version.accountCount = row.getInteger("account_count");
                    return version;
                });
    }

    Uni<Void> insert(SqlConnection connection, BackupVersion version) {
        return connection.preparedQuery("INSERT INTO backup_version (backup_id, version, ciphertext, sha256, size_bytes,"
                        + " key_id, format_version, device_id, platform, account_count, created_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(Tuple.tuple().addUUID(version.backupId).addInteger(version.version)
                        .addBuffer(Buffer.buffer(version.ciphertext))
                        .addString(version.sha256).addInteger(version.sizeBytes).addString(version.keyId)
                        .addInteger(version.formatVersion).addString(version.deviceId)
                        .addString(version.platform.toString()).addInteger(version.accountCount)
                        .addOffsetDateTime(at(version.createdAt)))
                .replaceWithVoid();
    }

    /**
     * Keeps {@code version} until {@code keptUntil} if it was written at or before {@code stoodSince}, or by
     * another device than {@code writingDevice}; the number of versions pinned (0 or 1).
     */
    Uni<Integer> pin(SqlConnection connection, UUID backupId, int version, Instant keptUntil, Instant stoodSince,
            String writingDevice) {
        return connection.preparedQuery("UPDATE backup_version SET kept_until = $3 WHERE backup_id = $1"
                        + " AND version = $2 AND (created_at <= $4 OR device_id <> $5)")
                .execute(Tuple.tuple().addUUID(backupId).addInteger(version).addOffsetDateTime(at(keptUntil))
                        .addOffsetDateTime(at(stoodSince)).addString(writingDevice))
                .map(rows -> rows.rowCount());
    }

    /**
     * Deletes the versions older than {@code oldestKept}, except the newest one not declared empty and those
     * pinned past {@code now}; the number deleted.
     */
    Uni<Integer> prune(SqlConnection connection, UUID backupId, int oldestKept, Instant now) {
        return connection.preparedQuery("DELETE FROM backup_version WHERE backup_id = $1 AND version < $2"
                        + " AND version <> coalesce((SELECT max(version) FROM backup_version WHERE backup_id = $1"
                        + " AND (account_count IS NULL OR account_count > 0)), -1)"
                        + " AND (kept_until IS NULL OR kept_until <= $3)")
                .execute(Tuple.of(backupId, oldestKept, at(now)))
                .map(rows -> rows.rowCount());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
