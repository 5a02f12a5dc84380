package io.authcloud.recovery.domain.release;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A request that the person's other phones approve a recovery's key release (number matching): the
 * recovering phone shows {@link #number}, another phone holding a personal credential answers with it.
 */
@Entity
@Table(name = "recovery_approval")
public class RecoveryApproval extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String APPROVED = "APPROVED";
    public static final String DENIED = "DENIED";
    /** A newer request of the same recovery took its place. */
    public static final String REPLACED = "REPLACED";
    /** Its recovery was cancelled. */
    public static final String CANCELLED = "CANCELLED";
    /** Not stored: how a pending request past its expiry reads. */
    public static final String EXPIRED = "EXPIRED";

    @Id
    public UUID id;

    public UUID recoveryId;

    public String owner;

    public int number;

    public String state;

    public Instant requestedAt;

    public Instant expiresAt;

    public Instant answeredAt;

    /** The phone that answered. */
    public String answeredBy;

    /** The state as the person sees it at {@code now}: a pending request past its expiry is EXPIRED. */
    public String stateAt(Instant now) {
        return PENDING.equals(state) && !now.isBefore(expiresAt) ? EXPIRED : state;
    }
}
