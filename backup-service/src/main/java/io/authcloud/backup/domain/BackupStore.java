package io.authcloud.backup.domain;

import io.authcloud.backup.config.BackupConfig;
import io.authcloud.backup.events.BackupEvents;
import io.authcloud.platform.http.WritePrecondition;
import io.authcloud.platform.scheduling.ScheduledRuns;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Stores, versions, deletes and restores backups. Every operation is scoped to the owner's {@code sub}:
 * another person's backup is indistinguishable from no backup. Each state change commits with its event
 * in the outbox.
 *
 * <p>Writes lock the backup's row ({@code SELECT ... FOR NO KEY UPDATE}) before checking the precondition, so
 * of two devices writing with the same {@code If-Match}, exactly one wins and the other gets 412; two
 * concurrent creations collide on the unique location and the loser gets 412 as well. A write is every
 * phone's hot path: its statements are plain SQL ({@link BackupWrites}); the rarer operations use Panache.
 *
 * <p>History is bounded but cannot be flushed: a write that replaces a version which had stood for the
 * burst gap, or that comes from another device than the version it replaces, pins that version for the
 * pinned retention, so a burst of junk writes from a stolen token cannot prune the person's real backup.
 */
@ApplicationScoped
public class BackupStore {

    private static final String UNIQUE_VIOLATION = "23505";

    private final BackupEvents events;
    private final BackupReads reads;
    private final BackupWrites writes;
    private final BackupConfig config;
    private final Clock clock;

    public BackupStore(BackupEvents events, BackupReads reads, BackupWrites writes, BackupConfig config, Clock clock) {
        this.events = events;
        this.reads = reads;
        this.writes = writes;
        this.config = config;
        this.clock = clock;
    }

    /** The outcome of a write: the backup as now stored, and whether this write created it. */
    public record Written(Backup backup, boolean created) {
    }

    /** The current version of a backup with its ciphertext. */
    public record Current(Backup backup, byte[] ciphertext) {
    }

    public Uni<Written> write(String owner, StorageLocation location, WritePrecondition precondition, NewVersion content) {
        if (content.ciphertext().length > config.maxCiphertextBytes()) {
            return Uni.createFrom().failure(BackupProblems.tooLarge(content.ciphertext().length, config.maxCiphertextBytes()));
        }
        return writes.transaction(connection -> writes.lock(connection, owner, location)
                        .flatMap(current -> {
                            boolean absent = current == null || current.isDeleted();
                            if (precondition instanceof WritePrecondition.None) {
                                throw BackupProblems.preconditionRequired(current);
                            }
                            if (precondition instanceof WritePrecondition.CreateOnly && !absent) {
                                throw BackupProblems.alreadyExists(current);
                            }
                            if (precondition instanceof WritePrecondition.Matches matches
                                    && (absent || !matches.accepts(current.currentVersion))) {
                                throw BackupProblems.conflict(current);
                            }
                            return current == null ? create(connection, owner, location, content)
                                    : append(connection, current, content);
                        }))
                .onFailure(BackupStore::isUniqueViolation).recoverWithUni(e -> reads.find(owner, location)
                        .map(winner -> {
                            throw BackupProblems.conflict(winner);
                        }))
                .invoke(written -> Log.infof("Backup %s/%s of %s stored as version %d (%d bytes) from device %s",
                        location.provider(), location.storageAccount(), owner, written.backup().currentVersion,
                        written.backup().sizeBytes, written.backup().deviceId));
    }

    /** The backup's metadata without ciphertext; 404 or 410 problems when it is missing or deleted. */
    public Uni<Backup> live(String owner, StorageLocation location) {
        return reads.find(owner, location).invoke(backup -> requireLive(backup, location));
    }

    /** The current version with its ciphertext, in one statement; 404 or 410 problems as {@link #live}. */
    public Uni<Current> current(String owner, StorageLocation location) {
        return reads.findWithCiphertext(owner, location).invoke(current -> requireLive(current == null ? null : current.backup(), location));
    }

    /** The caller's backups, deleted ones included (they show their restore deadline). */
    @WithSession
    public Uni<List<Backup>> list(String owner) {
        return Backup.list("owner", Sort.by("provider").and("storageAccount"), owner);
    }

    @WithSession
    public Uni<List<VersionInfo>> versions(String owner, StorageLocation location) {
        return findLive(owner, location)
                .flatMap(backup -> BackupVersion.find("backupId", Sort.descending("version"), backup.id)
                        .project(VersionInfo.class).list());
    }

    @WithSession
    public Uni<Current> version(String owner, StorageLocation location, int number) {
        return findLive(owner, location)
                .flatMap(backup -> BackupVersion.<BackupVersion>findById(new BackupVersion.Key(backup.id, number))
                        .map(version -> {
                            if (version == null) {
                                throw BackupProblems.versionNotFound(location, number);
                            }
                            return new Current(describe(backup, version), version.ciphertext);
                        }));
    }

    /** Soft-deletes a backup: it stays restorable for the restore window, then the purge removes it. */
    @WithTransaction
    public Uni<Backup> delete(String owner, StorageLocation location, WritePrecondition precondition) {
        return findForUpdate(owner, location)
                .flatMap(backup -> {
                    requireLive(backup, location);
                    // If-None-Match: * ("only if there is none") on a backup that is there fails, as RFC 9110 says.
                    if (precondition instanceof WritePrecondition.CreateOnly
                            || precondition instanceof WritePrecondition.Matches matches && !matches.accepts(backup.currentVersion)) {
                        throw BackupProblems.conflict(backup);
                    }
                    Instant now = clock.instant();
                    backup.deletedAt = now;
                    backup.restoreDeadline = now.plus(config.restoreWindow());
                    return events.deleted(backup).replaceWith(backup);
                })
                .invoke(backup -> Log.infof("Backup %s/%s of %s deleted, restorable until %s",
                        location.provider(), location.storageAccount(), owner, backup.restoreDeadline));
    }

    /** Undoes a deletion before its deadline; restoring a backup that is not deleted changes nothing. */
    @WithTransaction
    public Uni<Backup> restore(String owner, StorageLocation location) {
        return findForUpdate(owner, location)
                .flatMap(backup -> {
                    if (backup == null) {
                        throw BackupProblems.notFound(location);
                    }
                    if (!backup.isDeleted()) {
                        return Uni.createFrom().item(backup);
                    }
                    Instant now = clock.instant();
                    if (!now.isBefore(backup.restoreDeadline)) {
                        throw BackupProblems.restoreDeadlinePassed(backup);
                    }
                    backup.deletedAt = null;
                    backup.restoreDeadline = null;
                    Log.infof("Backup %s/%s of %s restored", location.provider(), location.storageAccount(), owner);
                    return events.restored(backup, now).replaceWith(backup);
                });
    }

    /** Removes, with every version, the deleted backups whose restore deadline has passed. */
    public Uni<Integer> purgeExpired() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Backup.<Backup>find("deletedAt is not null and restoreDeadline <= ?1", now)
                        .withLock(LockModeType.PESSIMISTIC_WRITE)
                        .page(0, 100)
                        .list()
                        .flatMap(due -> Multi.createFrom().iterable(due)
                                .onItem().transformToUniAndConcatenate(backup -> events.purged(backup, now)
                                        .call(() -> BackupVersion.delete("backupId", backup.id))
                                        .call(backup::delete))
                                .collect().asList()
                                .map(List::size)))
                .invoke(count -> {
                    if (count > 0) {
                        Log.infof("Purged %d backups past their restore deadline", count);
                    }
                });
    }

    /** What a transfer's copy came to: the backup now at the target, or why there is none (a wire name). */
    record Copy(Backup target, String refusal) {

        static Uni<Copy> refused(String refusal) {
            return Uni.createFrom().item(new Copy(null, refusal));
        }
    }

    /**
     * Copies {@code version} of the backup at {@code source} to {@code target}, in the caller's transaction on
     * {@code connection}: a new backup there, or the next version of a deleted one, never over a live one. The
     * copy keeps the version's bytes, key id, format and writing device; its platform is the target's. Source
     * and target rows are locked in that order, like a write's.
     */
    Uni<Copy> copy(SqlConnection connection, String owner, StorageLocation source, int version, StorageLocation target) {
        return writes.lock(connection, owner, source).flatMap(from -> {
            if (from == null || from.isDeleted()) {
                return Copy.refused("source-deleted");
            }
            return writes.version(connection, from.id, version).flatMap(copied -> {
                if (copied == null) {
                    return Copy.refused("version-gone");
                }
                return writes.lock(connection, owner, target).flatMap(there -> {
                    if (there != null && !there.isDeleted()) {
                        return Copy.refused("target-in-use");
                    }
                    NewVersion content = new NewVersion(copied.ciphertext, copied.keyId, copied.formatVersion,
                            copied.deviceId, target.provider().platform(), copied.accountCount);
                    return (there == null ? create(connection, owner, target, content) : append(connection, there, content))
                            .map(written -> new Copy(written.backup(), null));
                });
            });
        });
    }

    private Uni<Written> create(SqlConnection connection, String owner, StorageLocation location, NewVersion content) {
        Backup backup = new Backup();
        backup.id = UUID.randomUUID();
        backup.owner = owner;
        backup.provider = location.provider();
        backup.storageAccount = location.storageAccount();
        Instant now = clock.instant();
        backup.createdAt = now;
        BackupVersion version = nextVersion(backup, content, now);
        return writes.insert(connection, backup)
                .chain(() -> store(connection, backup, version, now))
                .replaceWith(new Written(backup, true));
    }

    private Uni<Written> append(SqlConnection connection, Backup backup, NewVersion content) {
        Instant now = clock.instant();
        int replaced = backup.currentVersion;
        BackupVersion version = nextVersion(backup, content, now);
        return pinIfItStood(connection, backup, replaced, content.deviceId(), now)
                .chain(() -> writes.updateCurrent(connection, backup))
                .chain(() -> store(connection, backup, version, now))
                .replaceWith(new Written(backup, false));
    }

    /**
     * Pins the version being replaced when it had stood for the burst gap (it was current before this burst
     * of writes began), or when the write comes from another device than the one that wrote it (a thief's
     * phone writing at once must not push the person's backup out): it stays restorable for the pinned
     * retention whatever follows. A device replacing its own recent version pins nothing, which bounds the
     * versions kept to one per burst gap plus one per change of the writing device.
     */
    private Uni<Void> pinIfItStood(SqlConnection connection, Backup backup, int replaced, String writingDevice,
            Instant now) {
        Instant keptUntil = now.plus(config.pinnedRetention());
        return writes.pin(connection, backup.id, replaced, keptUntil, now.minus(config.burstGap()), writingDevice)
                .invoke(pinned -> {
                    if (pinned > 0) {
                        Log.infof("Version %d of backup %s pinned until %s: it stood before a burst of writes"
                                + " or was replaced from another device", replaced, backup.id, keptUntil);
                    }
                })
                .replaceWithVoid();
    }

    /** Makes {@code content} the backup's next version; a deleted backup becomes live again with it. */
    private BackupVersion nextVersion(Backup backup, NewVersion content, Instant now) {
        BackupVersion version = new BackupVersion();
        version.backupId = backup.id;
        version.version = backup.currentVersion + 1;
        version.ciphertext = content.ciphertext();
        version.sha256 = sha256(content.ciphertext());
        version.sizeBytes = content.ciphertext().length;
        version.keyId = content.keyId();
        version.formatVersion = content.formatVersion();
        version.deviceId = content.deviceId();
        version.platform = content.platform();
        version.accountCount = content.accountCount();
        version.createdAt = now;

        backup.currentVersion = version.version;
        backup.platform = version.platform;
        backup.deviceId = version.deviceId;
        backup.keyId = version.keyId;
        backup.formatVersion = version.formatVersion;
        backup.sizeBytes = version.sizeBytes;
        backup.sha256 = version.sha256;
        backup.accountCount = version.accountCount;
        backup.updatedAt = now;
        backup.deletedAt = null;
        backup.restoreDeadline = null;
        return version;
    }

    private Uni<Void> store(SqlConnection connection, Backup backup, BackupVersion version, Instant now) {
        return writes.insert(connection, version)
                .chain(() -> pruneVersions(connection, backup, now))
                .chain(() -> events.stored(connection, backup))
                .replaceWithVoid();
    }

    /**
     * Keeps the newest versions, and also the newest version that is not declared empty: a fresh install
     * that backs up no accounts, again and again, must never push the last real backup out of history.
     * Pinned versions are kept until their {@code keptUntil}; the first write after it prunes them.
     */
    private Uni<Integer> pruneVersions(SqlConnection connection, Backup backup, Instant now) {
        int oldestKept = backup.currentVersion - config.keptVersions() + 1;
        if (oldestKept <= 1) {
            return Uni.createFrom().item(0);
        }
        return writes.prune(connection, backup.id, oldestKept, now);
    }

    private Uni<Backup> findForUpdate(String owner, StorageLocation location) {
        return Backup.<Backup>find("owner = ?1 and provider = ?2 and storageAccount = ?3",
                        owner, location.provider(), location.storageAccount())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    private Uni<Backup> findLive(String owner, StorageLocation location) {
        return Backup.<Backup>find("owner = ?1 and provider = ?2 and storageAccount = ?3",
                        owner, location.provider(), location.storageAccount())
                .firstResult()
                .invoke(backup -> requireLive(backup, location));
    }

    private static void requireLive(Backup backup, StorageLocation location) {
        if (backup == null) {
            throw BackupProblems.notFound(location);
        }
        if (backup.isDeleted()) {
            throw BackupProblems.deleted(backup);
        }
    }

    /** A detached view of the backup as it was at {@code version}, for answering with an old version. */
    private static Backup describe(Backup backup, BackupVersion version) {
        Backup view = new Backup();
        view.id = backup.id;
        view.owner = backup.owner;
        view.provider = backup.provider;
        view.storageAccount = backup.storageAccount;
        view.currentVersion = version.version;
        view.platform = version.platform;
        view.deviceId = version.deviceId;
        view.keyId = version.keyId;
        view.formatVersion = version.formatVersion;
        view.sizeBytes = version.sizeBytes;
        view.sha256 = version.sha256;
        view.accountCount = version.accountCount;
        view.createdAt = backup.createdAt;
        view.updatedAt = version.createdAt;
        return view;
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    || cause instanceof java.sql.SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** On a schedule: removes for good the deleted backups whose restore deadline has passed. */
    @Scheduled(every = "${authcloud.backup.purge-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeOnSchedule() {
        return ScheduledRuns.untilTheNextRun("The backup purge", purgeExpired());
    }
}
