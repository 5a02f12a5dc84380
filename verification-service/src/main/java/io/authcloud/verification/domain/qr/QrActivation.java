package io.authcloud.verification.domain.qr;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An activation code a tenant admin issued for one user and one work or school account. */
@Entity
@Table(name = "qr_activation")
public class QrActivation extends PanacheEntityBase {

    @Id
    public UUID id;

    public String tenant;

    @Column(name = "target_sub")
    public String targetSub;

    @Column(name = "target_username")
    public String targetUsername;

    @Column(name = "account_ref")
    public String accountRef;

    /** Keyed hash of the code: how a redemption finds the activation. */
    @Column(name = "code_hash")
    public String codeHash;

    /** The code encrypted at rest, to draw the QR image again for the admin. */
    @Column(name = "code_encrypted")
    public byte[] codeEncrypted;

    public String url;

    @Column(name = "issued_by")
    public String issuedBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "verification_id")
    public UUID verificationId;
}
