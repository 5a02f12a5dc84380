package io.authcloud.recovery.domain.saga;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A recovery of one backup on one new phone: {@code OPEN → COMPLETED | EXPIRED | CANCELLED}. */
@Entity
@Table(name = "recovery_session")
public class RecoverySession extends PanacheEntityBase {

    public enum Status {
        OPEN, COMPLETED, EXPIRED, CANCELLED
    }

    @Id
    public UUID id;

    public String owner;

    public String deviceId;

    public String platform;

    public String provider;

    public String storageAccount;

    public int backupVersion;

    public Integer backupSize;

    public Instant backupUpdatedAt;

    public String backupDeviceId;

    /** The escrowed key that opens this backup. */
    public String keyId;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** Whether the app has declared its push-enabled accounts (none is a valid answer). */
    public boolean accountsDeclared;

    public int keyReleases;

    public Instant createdAt;

    public Instant expiresAt;

    public Instant completedAt;

    /** What proved the person for this recovery ({@code email}, {@code sms}, {@code device}); null until then. */
    public String secondFactor;

    public Instant secondFactorAt;

    /** The approval request on another phone that counts now; a newer one replaces it. */
    public UUID approvalId;

    /** The recovering phone's public key (P-256 JWK): the released backup key is encrypted for it alone. */
    public String devicePublicKey;

    /** Why a cancelled recovery was cancelled. */
    public String cancelReason;

    public boolean isOpen() {
        return Status.OPEN == status;
    }
}
