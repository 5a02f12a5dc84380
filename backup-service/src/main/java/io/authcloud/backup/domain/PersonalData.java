package io.authcloud.backup.domain;

import io.authcloud.backup.events.BackupEvents;
import io.authcloud.platform.erasure.ErasedSubjects;
import io.authcloud.platform.erasure.RedisErasure;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * backup-service's part of an erasure: every backup of the person with all its versions (deleted or not, pinned
 * or not: no restore window survives an erasure), their transfers, their write counters in Redis; then
 * BackupDataErased. No BackupDeleted or BackupPurged is written: nobody is to be told of each backup, the
 * person asked for all of it to go.
 */
@ApplicationScoped
public class PersonalData {

    public static final String SERVICE = "backup-service";

    private static final List<String> DELETES = List.of(
            "DELETE FROM backup_transfer WHERE owner = :owner",
            "DELETE FROM backup_version WHERE backup_id IN (SELECT id FROM backup WHERE owner = :owner)",
            "DELETE FROM backup WHERE owner = :owner");

    private final ErasedSubjects erasedSubjects;
    private final BackupEvents events;
    private final ReactiveRedisDataSource redis;
    private final Clock clock;

    public PersonalData(ErasedSubjects erasedSubjects, BackupEvents events, ReactiveRedisDataSource redis, Clock clock) {
        this.erasedSubjects = erasedSubjects;
        this.events = events;
        this.redis = redis;
        this.clock = clock;
    }

    /** Erases it all in the caller's transaction and confirms; Redis's counters go too. */
    @WithTransaction
    public Uni<Void> erase(UUID erasureId, String owner) {
        Instant now = clock.instant();
        return erasedSubjects.erase(owner, DELETES)
                .call(() -> events.dataErased(erasureId, owner, now))
                .call(() -> RedisErasure.forgetKeysNaming(redis, owner, "backup:"))
                .invoke(rows -> Log.infof("Erasure %s of %s: %d rows of backups, versions and transfers erased", erasureId,
                        owner, rows))
                .replaceWithVoid();
    }
}
