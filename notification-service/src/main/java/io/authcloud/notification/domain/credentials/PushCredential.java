package io.authcloud.notification.domain.credentials;

import io.authcloud.platform.accounts.AccountKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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

    public enum Status {
        ACTIVE, REVOKED
    }

    @Id
    public UUID id;

    public String owner;

    /** The owner's username, by which relying parties name the person. */
    public String username;

    public String accountRef;

    /** {@code PERSONAL} or {@code WORK} (work and school accounts alike). */
    @Convert(converter = AccountKind.Column.class)
    public AccountKind kind;

    /** The tenant of a work or school account (whose activation code proved it); null for personal. */
    public String tenant;

    public String deviceId;

    public String publicKeyJwk;

    public byte[] totpSecretEncrypted;

    public UUID verificationId;

    public UUID recoveryId;

    @Enumerated(EnumType.STRING)
    public Status status;

    public Instant createdAt;

    public Instant revokedAt;

    public String revokedReason;

    public boolean isActive() {
        return Status.ACTIVE == status;
    }
}
