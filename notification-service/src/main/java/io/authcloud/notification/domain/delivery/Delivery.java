package io.authcloud.notification.domain.delivery;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The record of one code delivery request: what became of it, never the code or the address in clear. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    public static final String DROPPED_EXPIRED = "DROPPED_EXPIRED";

    /** The CloudEvents id of the request. */
    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "verification_id")
    public UUID verificationId;

    public String owner;

    public String channel;

    @Column(name = "destination_masked")
    public String destinationMasked;

    public String status;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
