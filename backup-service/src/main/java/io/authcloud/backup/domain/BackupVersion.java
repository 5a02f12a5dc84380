package io.authcloud.backup.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One kept version of a backup: the ciphertext exactly as the device sent it, and its metadata. */
@Entity
@Table(name = "backup_version")
@IdClass(BackupVersion.Key.class)
public class BackupVersion extends PanacheEntityBase {

    @Id
    public UUID backupId;

    @Id
    public int version;

    public byte[] ciphertext;

    public String sha256;

    public int sizeBytes;

    public String keyId;

    public int formatVersion;

    public String deviceId;

    public Platform platform;

    public Integer accountCount;

    public Instant createdAt;

    /** Until when this version is kept whatever is written after it; null when it was never pinned. */
    public Instant keptUntil;

    /** The primary key of a version. */
    public record Key(UUID backupId, int version) implements Serializable {
    }
}
