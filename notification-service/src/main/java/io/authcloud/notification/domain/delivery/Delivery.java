package io.authcloud.notification.domain.delivery;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The record of one code delivery request: what became of it, never the code or the address in clear. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public enum Status {
        SENT, FAILED, DROPPED_EXPIRED
    }

    /** The CloudEvents id of the request. */
    @Id
    public String eventId;

    public UUID verificationId;

    public String owner;

    public String channel;

    public String destinationMasked;

    @Enumerated(EnumType.STRING)
    public Status status;

    public int attempts;

    public String lastError;

    public Instant createdAt;

    public Instant completedAt;
}
