package io.authcloud.recovery.domain.catalogue;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

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
    @Column(name = "storage_account")
    public String storageAccount;

    public int version;

    public String platform;

    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "key_id")
    public String keyId;

    @Column(name = "size_bytes")
    public Integer sizeBytes;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "restore_deadline")
    public Instant restoreDeadline;

    public boolean purged;

    /** When the latest fact applied here happened; older facts arriving late change nothing. */
    @Column(name = "last_event_at")
    public Instant lastEventAt;

    public boolean isLive() {
        return !purged && deletedAt == null;
    }

    public boolean isDeleted() {
        return !purged && deletedAt != null;
    }

    /** The primary key: owner and location. */
    public static class Key implements Serializable {
        public String owner;
        public String provider;
        public String storageAccount;

        public Key() {
        }

        public Key(String owner, String provider, String storageAccount) {
            this.owner = owner;
            this.provider = provider;
            this.storageAccount = storageAccount;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(owner, k.owner) && Objects.equals(provider, k.provider)
                    && Objects.equals(storageAccount, k.storageAccount);
        }

        @Override
        public int hashCode() {
            return Objects.hash(owner, provider, storageAccount);
        }
    }
}
