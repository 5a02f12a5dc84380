package io.authcloud.backup.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A person's backup in one storage location, with the metadata of its current version. The ciphertext
 * of each kept version is a {@link BackupVersion}.
 */
@Entity
@Table(name = "backup")
public class Backup extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The {@code sub} of the person who owns the backup. */
    public String owner;

    public Provider provider;

    public String storageAccount;

    public int currentVersion;

    public Platform platform;

    public String deviceId;

    public String keyId;

    public int formatVersion;

    public int sizeBytes;

    public String sha256;

    /** How many accounts the device says the backup holds; null when it did not say. */
    public Integer accountCount;

    public Instant createdAt;

    public Instant updatedAt;

    public Instant deletedAt;

    public Instant restoreDeadline;

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** The quoted entity tag of the current version, as sent in {@code ETag} and expected in {@code If-Match}. */
    public String etag() {
        return etagOf(currentVersion);
    }

    public static String etagOf(int version) {
        return "\"" + version + "\"";
    }
}
