package io.authcloud.notification.domain.activity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of a person's security timeline (table {@code activity}). */
@Entity
@Table(name = "activity")
public class ActivityEntry extends PanacheEntityBase {

    /** The CloudEvents id of the event it comes from, or the id of this service's own record. */
    @Id
    public String id;

    public String owner;

    public String kind;

    public Instant occurredAt;

    public String deviceId;

    /** A JSON object of the fields {@link ActivityKinds} allows for the kind. */
    public String details;

    public Instant recordedAt;
}
