package io.authcloud.backup.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One kept version of a backup: the ciphertext exactly as the device sent it, and its metadata. */
@Entity
@Table(name = "backup_version")
@IdClass(BackupVersion.Key.class)
public class BackupVersion extends PanacheEntityBase {

    @Id
    @Column(name = "backup_id")
    public UUID backupId;

    @Id
    public int version;

    public byte[] ciphertext;

    public String sha256;

    @Column(name = "size_bytes")
    public int sizeBytes;

    @Column(name = "key_id")
    public String keyId;

    @Column(name = "format_version")
    public int formatVersion;

    @Column(name = "device_id")
    public String deviceId;

    public Platform platform;

    @Column(name = "account_count")
    public Integer accountCount;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Until when this version is kept whatever is written after it; null when it was never pinned. */
    @Column(name = "kept_until")
    public Instant keptUntil;

    /** The primary key of a version. */
    public static class Key implements Serializable {
        public UUID backupId;
        public int version;

        public Key() {
        }

        public Key(UUID backupId, int version) {
            this.backupId = backupId;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && version == key.version && Objects.equals(backupId, key.backupId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(backupId, version);
        }
    }
}
