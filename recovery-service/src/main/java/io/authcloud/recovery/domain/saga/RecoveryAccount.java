package io.authcloud.recovery.domain.saga;

import io.authcloud.platform.accounts.AccountKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A push-enabled account restored by a recovery: {@code State.VERIFICATION_REQUIRED → State.VERIFIED →
 * State.CREDENTIAL_ISSUED}. Events may create a row before the app declared it; only declared rows count.
 */
@Entity
@Table(name = "recovery_account")
@IdClass(RecoveryAccount.Key.class)
public class RecoveryAccount extends PanacheEntityBase {

    /** Declared in the order of the lifecycle: an account only moves forward. */
    public enum State {
        VERIFICATION_REQUIRED, VERIFIED, CREDENTIAL_ISSUED
    }

    @Id
    public UUID recoveryId;

    @Id
    public String accountRef;

    @Convert(converter = AccountKind.Column.class)
    public AccountKind kind;

    public String tenant;

    public boolean declared;

    @Enumerated(EnumType.STRING)
    public State state;

    public UUID verificationId;

    public UUID credentialId;

    public Instant updatedAt;

    /** What proved the account: {@code PERSONAL} (a code by email or SMS) or {@code WORK} (an activation code). */
    @Convert(converter = AccountKind.Column.class)
    public AccountKind proofKind;

    /** The tenant whose activation code proved a {@code work} proof. */
    public String proofTenant;

    /**
     * Whether a proof fits this account: a personal account needs a code by email or SMS, a work or school
     * account its own tenant's activation code. Before the app declares the account nothing can be judged.
     */
    public boolean fits(Proof proof) {
        if (!declared || kind == null) {
            return true;
        }
        return kind.isOrganisation() ? !proof.isPersonal() && proof.tenant().equals(tenant) : proof.isPersonal();
    }

    /** Forgets a proof that does not fit what the app declared: the account must be verified again. */
    void resetProof() {
        state = State.VERIFICATION_REQUIRED;
        verificationId = null;
        credentialId = null;
        proofKind = null;
        proofTenant = null;
    }

    Proof proof() {
        return proofKind == null ? null : new Proof(proofTenant);
    }

    /** How the account proves itself on the new phone: a fresh sign-in and a code, or the tenant's QR. */
    public String method() {
        return kind == AccountKind.PERSONAL ? "sign-in" : "qr";
    }

    /** How far along an account is; transitions only move forward, whatever order events arrive in. */
    static int rank(State state) {
        return state.ordinal();
    }

    /** The primary key: the session and the account. */
    public record Key(UUID recoveryId, String accountRef) implements Serializable {
    }
}
