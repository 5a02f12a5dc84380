package io.authcloud.recovery.saga;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A push-enabled account restored by a recovery: {@code VERIFICATION_REQUIRED → VERIFIED →
 * CREDENTIAL_ISSUED}. Events may create a row before the app declared it; only declared rows count.
 */
@Entity
@Table(name = "recovery_account")
@IdClass(RecoveryAccount.Key.class)
public class RecoveryAccount extends PanacheEntityBase {

    public static final String VERIFICATION_REQUIRED = "VERIFICATION_REQUIRED";
    public static final String VERIFIED = "VERIFIED";
    public static final String CREDENTIAL_ISSUED = "CREDENTIAL_ISSUED";

    @Id
    @Column(name = "recovery_id")
    public UUID recoveryId;

    @Id
    @Column(name = "account_ref")
    public String accountRef;

    /** {@code personal}, {@code work} or {@code school}. */
    public String kind;

    public String tenant;

    public boolean declared;

    public String state;

    @Column(name = "verification_id")
    public UUID verificationId;

    @Column(name = "credential_id")
    public UUID credentialId;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** How the account proves itself on the new phone: a fresh sign-in and a code, or the tenant's QR. */
    public String method() {
        return "personal".equals(kind) ? "sign-in" : "qr";
    }

    /** How far along an account is; transitions only move forward, whatever order events arrive in. */
    static int rank(String state) {
        return switch (state) {
            case VERIFICATION_REQUIRED -> 0;
            case VERIFIED -> 1;
            case CREDENTIAL_ISSUED -> 2;
            default -> throw new IllegalArgumentException(state);
        };
    }

    /** The primary key: the session and the account. */
    public static class Key implements Serializable {
        public UUID recoveryId;
        public String accountRef;

        public Key() {
        }

        public Key(UUID recoveryId, String accountRef) {
            this.recoveryId = recoveryId;
            this.accountRef = accountRef;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(recoveryId, k.recoveryId) && Objects.equals(accountRef, k.accountRef);
        }

        @Override
        public int hashCode() {
            return Objects.hash(recoveryId, accountRef);
        }
    }
}
