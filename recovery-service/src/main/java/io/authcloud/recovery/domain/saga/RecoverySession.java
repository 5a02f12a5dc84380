package io.authcloud.recovery.domain.saga;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A recovery of one backup on one new phone: {@code OPEN → COMPLETED | EXPIRED | CANCELLED}. */
@Entity
@Table(name = "recovery_session")
public class RecoverySession extends PanacheEntityBase {

    public static final String OPEN = "OPEN";
    public static final String COMPLETED = "COMPLETED";
    public static final String EXPIRED = "EXPIRED";
    public static final String CANCELLED = "CANCELLED";

    @Id
    public UUID id;

    public String owner;

    @Column(name = "device_id")
    public String deviceId;

    public String platform;

    public String provider;

    @Column(name = "storage_account")
    public String storageAccount;

    @Column(name = "backup_version")
    public int backupVersion;

    @Column(name = "backup_size")
    public Integer backupSize;

    @Column(name = "backup_updated_at")
    public Instant backupUpdatedAt;

    @Column(name = "backup_device_id")
    public String backupDeviceId;

    /** The escrowed key that opens this backup. */
    @Column(name = "key_id")
    public String keyId;

    public String status;

    /** Whether the app has declared its push-enabled accounts (none is a valid answer). */
    @Column(name = "accounts_declared")
    public boolean accountsDeclared;

    @Column(name = "key_releases")
    public int keyReleases;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** What proved the person for this recovery ({@code email}, {@code sms}, {@code device}); null until then. */
    @Column(name = "second_factor")
    public String secondFactor;

    @Column(name = "second_factor_at")
    public Instant secondFactorAt;

    /** The approval request on another phone that counts now; a newer one replaces it. */
    @Column(name = "approval_id")
    public UUID approvalId;

    /** The recovering phone's public key (P-256 JWK): the released backup key is encrypted for it alone. */
    @Column(name = "device_public_key")
    public String devicePublicKey;

    /** Why a cancelled recovery was cancelled. */
    @Column(name = "cancel_reason")
    public String cancelReason;

    public boolean isOpen() {
        return OPEN.equals(status);
    }
}
