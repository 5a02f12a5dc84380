package io.authcloud.recovery.domain.transfer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A backup transfer as recovery-service follows it: backup-service's request and the person's second factor,
 * in whichever order they arrive, then the copy of the escrowed key (or why not), and its removal when the
 * backup could not be copied.
 */
@Entity
@Table(name = "key_transfer")
public class KeyTransfer extends PanacheEntityBase {

    public enum State {
        PENDING, COPIED, FAILED, UNDONE
    }

    @Id
    public UUID transferId;

    public String owner;

    public String provider;

    public String storageAccount;

    public String keyId;

    public String targetProvider;

    public String targetStorageAccount;

    public String deviceId;

    public Instant requestedAt;

    public Instant expiresAt;

    /** How the second factor was proven ({@code email}, {@code sms}), on which device, when; null until then. */
    public String provedBy;

    public String provedOnDevice;

    public Instant provedAt;

    @Enumerated(EnumType.STRING)
    public State state;

    /** Whether the copy made the key's row at the target (only then does a failed transfer remove it). */
    public boolean keyCreated;

    public String failure;

    public Instant copiedAt;

    boolean isRequested() {
        return requestedAt != null;
    }

    /** A proof counts when it was made on the phone that asked for the move, before the request expired. */
    boolean isProven() {
        return provedAt != null && provedOnDevice.equals(deviceId) && !provedAt.isAfter(expiresAt);
    }
}
