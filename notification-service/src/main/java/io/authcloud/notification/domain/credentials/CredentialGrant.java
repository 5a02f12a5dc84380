package io.authcloud.notification.domain.credentials;

import io.authcloud.platform.accounts.AccountKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * What a successful verification allows: exactly one push credential for one account on one device,
 * within 10 minutes. Made from verification-service's VerificationSucceeded event.
 */
@Entity
@Table(name = "credential_grant")
public class CredentialGrant extends PanacheEntityBase {

    @Id
    public UUID verificationId;

    public String owner;

    /**
     * What the verification proved: {@code account} (an account on a device: one credential) or
     * {@code key-release} (a recovery's second factor) or {@code transfer} (a backup transfer's second factor):
     * never a credential.
     */
    public String purpose;

    /** The verified account; null for a {@code key-release} verification. */
    public String accountRef;

    public String deviceId;

    public UUID recoveryId;

    /** How the person verified: {@code email} or {@code sms} (a personal account), {@code qr} (work or school). */
    public String method;

    /** The tenant whose activation code proved a QR verification; null for email and SMS. */
    public String tenant;

    public Instant verifiedAt;

    public Instant expiresAt;

    public Instant usedAt;

    public UUID credentialId;

    /** A key release's or a transfer's second factor: it proved no account, so it never becomes a credential. */
    public boolean provesNoAccount() {
        return !"account".equals(purpose);
    }

    /** A personal account proves itself by sign-in and code; work and school accounts by the tenant's QR. */
    public AccountKind accountKind() {
        // Only a tenant's activation code proves a work or school account; a code by email or SMS proves
        // a personal one, whatever the app calls the account.
        return "qr".equals(method) ? AccountKind.WORK : AccountKind.PERSONAL;
    }
}
