package io.authcloud.notification.domain.credentials;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A credential bound to one device: the device's P-256 public key (its private key never leaves the
 * device) and, for a personal account, a TOTP secret unique to this device, sealed at rest.
 */
@Entity
@Table(name = "push_credential")
public class PushCredential extends PanacheEntityBase {

    public static final String ACTIVE = "ACTIVE";
    public static final String REVOKED = "REVOKED";

    @Id
    public UUID id;

    public String owner;

    /** The owner's username, by which relying parties name the person. */
    public String username;

    @Column(name = "account_ref")
    public String accountRef;

    /** {@code personal} or {@code work} (work and school accounts alike). */
    public String kind;

    /** The tenant of a work or school account (whose activation code proved it); null for personal. */
    public String tenant;

    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "public_key_jwk")
    public String publicKeyJwk;

    @Column(name = "totp_secret_encrypted")
    public byte[] totpSecretEncrypted;

    @Column(name = "verification_id")
    public UUID verificationId;

    @Column(name = "recovery_id")
    public UUID recoveryId;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_reason")
    public String revokedReason;

    public boolean isActive() {
        return ACTIVE.equals(status);
    }
}
