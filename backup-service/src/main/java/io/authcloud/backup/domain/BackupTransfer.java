package io.authcloud.backup.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A person's request to copy one version of a backup to another storage location, waiting for their second
 * factor (which recovery-service checks before it copies the escrowed key), then done or failed.
 */
@Entity
@Table(name = "backup_transfer")
public class BackupTransfer extends PanacheEntityBase {

    /** Where a transfer stands; {@code EXPIRED} is not stored: it is an open transfer past its deadline. */
    public enum State {
        SECOND_FACTOR_REQUIRED, COMPLETED, FAILED, REPLACED, EXPIRED
    }

    @Id
    public UUID id;

    public String owner;

    public Provider provider;

    public String storageAccount;

    /** The version copied: the current one when the transfer was asked for. */
    public int version;

    public String keyId;

    public Provider targetProvider;

    public String targetStorageAccount;

    /** The phone that asked for the move and proves the second factor. */
    public String deviceId;

    @Enumerated(EnumType.STRING)
    public State state;

    /** Why a transfer failed (a wire name of docs/api.md), or null. */
    public String failure;

    /** The version the copy became at the target. */
    public Integer targetVersion;

    public Instant createdAt;

    public Instant expiresAt;

    public Instant completedAt;

    public StorageLocation source() {
        return new StorageLocation(provider, storageAccount);
    }

    public StorageLocation target() {
        return new StorageLocation(targetProvider, targetStorageAccount);
    }

    /** The state as the person sees it at {@code now}: an open transfer past its deadline has expired. */
    public State stateAt(Instant now) {
        return state == State.SECOND_FACTOR_REQUIRED && !now.isBefore(expiresAt) ? State.EXPIRED : state;
    }
}
