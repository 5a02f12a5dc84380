package io.authcloud.notification.domain.devices;

import io.authcloud.notification.clients.push.PushMessage;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
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

    public String deviceId;

    /** What the push is about, stored as the app reads it ({@code sign-in-request}). */
    @Convert(converter = PushMessage.Kind.Column.class)
    public PushMessage.Kind kind;

    /** The push's JSON data, as APNs or FCM would carry it. */
    public String payload;

    public Instant createdAt;

    public Instant deliveredAt;
}
