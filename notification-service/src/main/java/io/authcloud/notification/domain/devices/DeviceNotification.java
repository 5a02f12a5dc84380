package io.authcloud.notification.domain.devices;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A push waiting in the local inbox until the device polls it (push mode {@code inbox}). */
@Entity
@Table(name = "device_notification")
public class DeviceNotification extends PanacheEntityBase {

    @Id
    public UUID id;

    public String owner;

    @Column(name = "device_id")
    public String deviceId;

    /** What the push is about, e.g. {@code sign-in-request}. */
    public String kind;

    /** The push's JSON data, as APNs or FCM would carry it. */
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
