package io.authcloud.recovery.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * This service's own catalogue of backups, fed by {@code backup-events}. When it holds no live backup for
 * a location, it may be stale (the event not arrived yet), so backup-service is asked over REST; when
 * backup-service cannot be reached, the catalogue answers alone.
 */
@ApplicationScoped
public class BackupCatalogue {

    private static final String CONSUMER = "backup-catalogue";

    private final EventInbox inbox;
    private final BackupServiceConfirmation backupService;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public BackupCatalogue(EventInbox inbox, BackupServiceConfirmation backupService, ObjectMapper objectMapper,
            Clock clock) {
        this.inbox = inbox;
        this.backupService = backupService;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    @Incoming("backup-events")
    public Uni<Void> consume(Message<String> message) {
        return inbox.handle(CONSUMER, message, this::apply);
    }

    /** A person's backups as this service knows them: the catalogue, confirmed with backup-service when it must be. */
    public Uni<List<CatalogueEntry>> backupsOf(String owner, String provider, String storageAccount) {
        return entries(owner).flatMap(known -> {
            boolean liveHere = known.stream().anyMatch(e -> e.isLive() && e.provider.equals(provider)
                    && e.storageAccount.equals(storageAccount));
            if (liveHere) {
                return Uni.createFrom().item(known);
            }
            return confirm(owner).onFailure().recoverWithItem(failure -> {
                Log.warnf("backup-service could not confirm the catalogue for %s (%s); answering from the catalogue",
                        owner, failure.getMessage());
                return known;
            });
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

    private Uni<Void> apply(IncomingEvent event) {
        BackupFact fact;
        try {
            fact = objectMapper.readValue(event.data(), BackupFact.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unreadable backup event " + event.id());
        }
        if (fact.owner() == null || fact.provider() == null || fact.storageAccount() == null) {
            throw new IllegalArgumentException("Backup event " + event.id() + " names no location");
        }
        Kind kind = Kind.of(event.type());
        if (kind == null) {
            return Uni.createFrom().voidItem();
        }
        return upsert(fact, kind, Optional.ofNullable(event.time()).orElse(clock.instant()));
    }

    /** The kinds of fact about a backup. */
    enum Kind {
        STORED, DELETED, RESTORED, PURGED;

        static Kind of(String eventType) {
            if (eventType.endsWith(".BackupStored")) {
                return STORED;
            }
            if (eventType.endsWith(".BackupDeleted")) {
                return DELETED;
            }
            if (eventType.endsWith(".BackupRestored")) {
                return RESTORED;
            }
            if (eventType.endsWith(".BackupPurged")) {
                return PURGED;
            }
            return null;
        }
    }

    private Uni<Void> upsert(BackupFact fact, Kind kind, Instant at) {
        return CatalogueEntry.<CatalogueEntry>findById(new CatalogueEntry.Key(fact.owner(), fact.provider(), fact.storageAccount()))
                .flatMap(existing -> {
                    if (existing != null && existing.lastEventAt.isAfter(at)) {
                        return Uni.createFrom().voidItem();
                    }
                    CatalogueEntry entry = existing != null ? existing : new CatalogueEntry();
                    entry.owner = fact.owner();
                    entry.provider = fact.provider();
                    entry.storageAccount = fact.storageAccount();
                    entry.lastEventAt = at;
                    if (fact.version() != null) {
                        entry.version = fact.version();
                    }
                    switch (kind) {
                        case STORED, RESTORED -> {
                            entry.platform = fact.platform() != null ? fact.platform() : entry.platform;
                            entry.deviceId = fact.deviceId() != null ? fact.deviceId() : entry.deviceId;
                            entry.sizeBytes = fact.sizeBytes() != null ? fact.sizeBytes() : entry.sizeBytes;
                            entry.keyId = fact.keyId() != null ? fact.keyId() : entry.keyId;
                            Instant updated = fact.storedAt() != null ? fact.storedAt() : fact.updatedAt();
                            entry.updatedAt = updated != null ? updated : entry.updatedAt;
                            entry.deletedAt = null;
                            entry.restoreDeadline = null;
                            entry.purged = false;
                        }
                        case DELETED -> {
                            entry.deletedAt = fact.deletedAt() != null ? fact.deletedAt() : at;
                            entry.restoreDeadline = fact.restoreDeadline();
                            entry.keyId = fact.keyId() != null ? fact.keyId() : entry.keyId;
                            entry.platform = fact.platform() != null ? fact.platform() : entry.platform;
                        }
                        case PURGED -> entry.purged = true;
                        default -> throw new IllegalStateException();
                    }
                    return existing != null ? Uni.createFrom().voidItem() : entry.persist().replaceWithVoid();
                });
    }
}
