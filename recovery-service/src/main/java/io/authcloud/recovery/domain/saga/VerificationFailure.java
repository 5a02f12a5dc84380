package io.authcloud.recovery.domain.saga;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One failed verification of a person, counted against key release. */
@Entity
@Table(name = "verification_failure")
public class VerificationFailure extends PanacheEntityBase {

    @Id
    public String eventId;

    public String owner;

    public Instant failedAt;

    public VerificationFailure() {
    }

    public VerificationFailure(String eventId, String owner, Instant failedAt) {
        this.eventId = eventId;
        this.owner = owner;
        this.failedAt = failedAt;
    }
}
