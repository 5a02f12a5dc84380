package io.authcloud.recovery.domain.catalogue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.recovery.clients.BackupServiceConfirmation;
import io.authcloud.recovery.events.ConsumedEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * This service's own catalogue of backups, fed by {@code backup-events}. It may be a moment behind (a
 * backup written or deleted a second ago), so a recovery start asks backup-service over REST for the
 * truth and brings the catalogue up to date; when backup-service cannot be reached, the catalogue
 * answers alone.
 */
@ApplicationScoped
public class BackupCatalogue {

    private final BackupServiceConfirmation backupService;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public BackupCatalogue(BackupServiceConfirmation backupService, ObjectMapper objectMapper, Clock clock) {
        this.backupService = backupService;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /**
     * A person's backups, confirmed with backup-service: a backup deleted a second ago must not start a
     * recovery, nor one written a second ago be reported missing. The catalogue answers alone only when
     * backup-service cannot be reached.
     */
    public Uni<List<CatalogueEntry>> backupsOf(String owner) {
        return confirm(owner).onFailure().recoverWithUni(failure -> {
            Log.warnf("backup-service could not confirm the catalogue for %s (%s); answering from the catalogue",
                    owner, failure.getMessage());
            return entries(owner);
        });
    }

    private Uni<List<CatalogueEntry>> entries(String owner) {
        return Panache.withSession(() -> CatalogueEntry.<CatalogueEntry>list("owner", owner));
    }

    /** Asks backup-service for the truth and brings the catalogue up to date with it. */
    private Uni<List<CatalogueEntry>> confirm(String owner) {
        Instant now = clock.instant();
        return backupService.backupsOf(owner).flatMap(backups -> Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (BackupFact fact : backups) {
                BackupFact owned = new BackupFact(owner, fact.provider(), fact.storageAccount(), fact.version(),
                        fact.platform(), fact.deviceId(), fact.sizeBytes(), fact.keyId(), null, fact.updatedAt(),
                        fact.deletedAt(), fact.restoreDeadline(), fact.deleted());
                chain = chain.chain(() -> upsert(owned, Boolean.TRUE.equals(fact.deleted()) ? Kind.DELETED : Kind.STORED, now));
            }
            return chain;
        })).chain(() -> entries(owner));
    }

    /** Brings the catalogue up to date with one event of {@code backup-events}. */
    public Uni<Void> apply(IncomingEvent event) {
        Kind kind = Kind.of(event.type());
        if (kind == null) {
            return Uni.createFrom().voidItem();
        }
        BackupFact fact = event.read(objectMapper, BackupFact.class);
        event.require(fact.owner(), fact.provider(), fact.storageAccount());
        return upsert(fact, kind, Optional.ofNullable(event.time()).orElse(clock.instant()));
    }

    /** The kinds of fact about a backup, by the type of the event that tells it. */
    enum Kind {
        STORED(ConsumedEvents.BACKUP_STORED), DELETED(ConsumedEvents.BACKUP_DELETED),
        RESTORED(ConsumedEvents.BACKUP_RESTORED), PURGED(ConsumedEvents.BACKUP_PURGED);

        private final String eventType;

        Kind(String eventType) {
            this.eventType = eventType;
        }

        static Kind of(String eventType) {
            for (Kind kind : values()) {
                if (kind.eventType.equals(eventType)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /**
     * Applies one fact in a single statement, so the consumer and a REST confirmation writing the same
     * backup at the same moment cannot collide; a fact older than the row's latest changes nothing.
     */
    private Uni<Void> upsert(BackupFact fact, Kind kind, Instant at) {
        String changes = switch (kind) {
            case STORED, RESTORED -> """
                    platform = COALESCE(EXCLUDED.platform, c.platform), device_id = COALESCE(EXCLUDED.device_id, c.device_id),
                    key_id = COALESCE(EXCLUDED.key_id, c.key_id), size_bytes = COALESCE(EXCLUDED.size_bytes, c.size_bytes),
                    updated_at = COALESCE(EXCLUDED.updated_at, c.updated_at), deleted_at = NULL, restore_deadline = NULL,
                    purged = false""";
            case DELETED -> """
                    platform = COALESCE(EXCLUDED.platform, c.platform), key_id = COALESCE(EXCLUDED.key_id, c.key_id),
                    deleted_at = EXCLUDED.deleted_at, restore_deadline = EXCLUDED.restore_deadline""";
            case PURGED -> "purged = true";
        };
        Instant updated = fact.storedAt() != null ? fact.storedAt() : fact.updatedAt();
        Instant deletedAt = kind == Kind.DELETED ? (fact.deletedAt() != null ? fact.deletedAt() : at) : null;
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO backup_catalogue AS c (owner, provider, storage_account, version, platform, device_id,
                            key_id, size_bytes, updated_at, deleted_at, restore_deadline, purged, last_event_at)
                        VALUES (:owner, :provider, :storageAccount, COALESCE(CAST(:version AS integer), 0),
                            CAST(:platform AS text), CAST(:deviceId AS text), CAST(:keyId AS text), CAST(:size AS integer),
                            CAST(:updated AS timestamptz), CAST(:deletedAt AS timestamptz), CAST(:deadline AS timestamptz),
                            :purged, :at)
                        ON CONFLICT (owner, provider, storage_account) DO UPDATE SET
                            version = COALESCE(CAST(:version AS integer), c.version), last_event_at = EXCLUDED.last_event_at,
                        """ + changes + """

                        WHERE c.last_event_at <= EXCLUDED.last_event_at""")
                .setParameter("owner", fact.owner())
                .setParameter("provider", fact.provider())
                .setParameter("storageAccount", fact.storageAccount())
                .setParameter("version", fact.version())
                .setParameter("platform", fact.platform())
                .setParameter("deviceId", fact.deviceId())
                .setParameter("keyId", fact.keyId())
                .setParameter("size", fact.sizeBytes())
                .setParameter("updated", updated)
                .setParameter("deletedAt", deletedAt)
                .setParameter("deadline", kind == Kind.DELETED ? fact.restoreDeadline() : null)
                .setParameter("purged", kind == Kind.PURGED)
                .setParameter("at", at)
                .executeUpdate())
                .replaceWithVoid();
    }
}
