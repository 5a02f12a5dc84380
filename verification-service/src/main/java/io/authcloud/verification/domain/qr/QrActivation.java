package io.authcloud.verification.domain.qr;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
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

    public String targetSub;

    public String targetUsername;

    public String accountRef;

    /** Keyed hash of the code: how a redemption finds the activation. */
    public String codeHash;

    /** The code encrypted at rest, to draw the QR image again for the admin. */
    public byte[] codeEncrypted;

    public String url;

    public String issuedBy;

    public Instant createdAt;

    public Instant expiresAt;

    public Instant redeemedAt;

    public UUID verificationId;
}
