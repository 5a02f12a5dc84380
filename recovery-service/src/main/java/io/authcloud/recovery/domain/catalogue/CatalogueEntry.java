package io.authcloud.recovery.domain.catalogue;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** What this service knows of one backup, from backup-events or from backup-service itself. */
@Entity
@Table(name = "backup_catalogue")
@IdClass(CatalogueEntry.Key.class)
public class CatalogueEntry extends PanacheEntityBase {

    @Id
    public String owner;

    @Id
    public String provider;

    @Id
    public String storageAccount;

    public int version;

    public String platform;

    public String deviceId;

    public String keyId;

    public Integer sizeBytes;

    public Instant updatedAt;

    public Instant deletedAt;

    public Instant restoreDeadline;

    public boolean purged;

    /** When the latest fact applied here happened; older facts arriving late change nothing. */
    public Instant lastEventAt;

    public boolean isLive() {
        return !purged && deletedAt == null;
    }

    public boolean isDeleted() {
        return !purged && deletedAt != null;
    }

    /** The primary key: owner and location. */
    public record Key(String owner, String provider, String storageAccount) implements Serializable {
    }
}
