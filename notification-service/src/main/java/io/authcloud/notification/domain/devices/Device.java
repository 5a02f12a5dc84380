package io.authcloud.notification.domain.devices;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A person's device and how pushes reach it. */
@Entity
@Table(name = "device")
@IdClass(Device.Key.class)
public class Device extends PanacheEntityBase {

    @Id
    public String owner;

    @Id
    public String deviceId;

    /** {@code ios} or {@code android}. */
    public String platform;

    /** {@code apns} or {@code fcm}. */
    public String pushChannel;

    public String pushToken;

    public String name;

    public Instant registeredAt;

    public Instant updatedAt;

    /** The primary key of a device: devices are named by their owner. */
    public record Key(String owner, String deviceId) implements Serializable {
    }
}
