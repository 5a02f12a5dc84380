package io.authcloud.backup.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The two reads every device makes, in one statement each and without an ORM session: a download (the
 * backup's row joined to its current version's ciphertext) and a freshness check (the row alone). They are
 * the hottest path of the service (docs/performance.md), and read-only: nothing here is managed or flushed.
 * Rows are mapped to detached {@link Backup} values with the same wire-name rules as the entity's converters.
 */
@ApplicationScoped
class BackupReads {

    private static final String COLUMNS = "b.id, b.owner, b.provider, b.storage_account, b.current_version, b.platform,"
            + " b.device_id, b.key_id, b.format_version, b.size_bytes, b.sha256, b.account_count, b.created_at,"
            + " b.updated_at, b.deleted_at, b.restore_deadline";
    private static final String BY_LOCATION = " WHERE b.owner = $1 AND b.provider = $2 AND b.storage_account = $3";
    /** The backup's row at a location; parameters from {@link #at}. */
    static final String SELECT_BY_LOCATION = "SELECT " + COLUMNS + " FROM backup b" + BY_LOCATION;

    private static final WireNameConverters.ProviderConverter PROVIDERS = new WireNameConverters.ProviderConverter();
    private static final WireNameConverters.PlatformConverter PLATFORMS = new WireNameConverters.PlatformConverter();

    private final Pool pool;

    BackupReads(Pool pool) {
        this.pool = pool;
    }

    /** The backup at {@code location} of {@code owner}, or null; deleted ones included. */
    Uni<Backup> find(String owner, StorageLocation location) {
        return pool.preparedQuery(SELECT_BY_LOCATION).execute(at(owner, location)).map(BackupReads::firstBackup);
    }

    /** The backup with its current version's ciphertext, or null; deleted ones included (with their ciphertext). */
    Uni<BackupStore.Current> findWithCiphertext(String owner, StorageLocation location) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", v.ciphertext FROM backup b"
                        + " JOIN backup_version v ON v.backup_id = b.id AND v.version = b.current_version" + BY_LOCATION)
                .execute(at(owner, location))
                .map(rows -> {
                    Row row = first(rows);
                    return row == null ? null
                            : new BackupStore.Current(backup(row), row.getBuffer("ciphertext").getBytes());
                });
    }

    /** The parameters of {@link #SELECT_BY_LOCATION}: owner, provider, storage account. */
    static Tuple at(String owner, StorageLocation location) {
        return Tuple.of(owner, PROVIDERS.convertToDatabaseColumn(location.provider()), location.storageAccount());
    }

    /** The first row's backup, or null. */
    static Backup firstBackup(RowSet<Row> rows) {
        Row row = first(rows);
        return row == null ? null : backup(row);
    }

    private static Row first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? iterator.next() : null;
    }

    private static Backup backup(Row row) {
        Backup backup = new Backup();
        backup.id = row.getUUID("id");
        backup.owner = row.getString("owner");
        backup.provider = PROVIDERS.convertToEntityAttribute(row.getString("provider"));
        backup.storageAccount = row.getString("storage_account");
        backup.currentVersion = row.getInteger("current_version");
        backup.platform = PLATFORMS.convertToEntityAttribute(row.getString("platform"));
        backup.deviceId = row.getString("device_id");
        backup.keyId = row.getString("key_id");
        backup.formatVersion = row.getInteger("format_version");
        backup.sizeBytes = row.getInteger("size_bytes");
        backup.sha256 = row.getString("sha256");
        backup.accountCount = row.getInteger("account_count");
        backup.createdAt = instant(row.getOffsetDateTime("created_at"));
        backup.updatedAt = instant(row.getOffsetDateTime("updated_at"));
        backup.deletedAt = instant(row.getOffsetDateTime("deleted_at"));
        backup.restoreDeadline = instant(row.getOffsetDateTime("restore_deadline"));
        return backup;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
