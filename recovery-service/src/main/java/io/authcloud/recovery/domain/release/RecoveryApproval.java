package io.authcloud.recovery.domain.release;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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

    public enum State {
        PENDING, APPROVED, DENIED, REPLACED, CANCELLED, EXPIRED
    }

    @Id
    public UUID id;

    public UUID recoveryId;

    public String owner;

    public int number;

    @Enumerated(EnumType.STRING)
    public State state;

    public Instant requestedAt;

    public Instant expiresAt;

    public Instant answeredAt;

    /** The phone that answered. */
    public String answeredBy;

    /** The state as the person sees it at {@code now}: a pending request past its expiry is expired. */
    public State stateAt(Instant now) {
        return State.PENDING == state && !now.isBefore(expiresAt) ? State.EXPIRED : state;
    }
}
