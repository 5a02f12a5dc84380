package io.authcloud.notification.domain.devices;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A person's device and how pushes reach it. */
@Entity
@Table(name = "device")
@IdClass(Device.Key.class)
public class Device extends PanacheEntityBase {

    @Id
    public String owner;

    @Id
    @Column(name = "device_id")
    public String deviceId;

    /** {@code ios} or {@code android}. */
    public String platform;

    /** {@code apns} or {@code fcm}. */
    @Column(name = "push_channel")
    public String pushChannel;

    @Column(name = "push_token")
    public String pushToken;

    public String name;

    @Column(name = "registered_at")
    public Instant registeredAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The primary key of a device: devices are named by their owner. */
    public static class Key implements Serializable {
        public String owner;
        public String deviceId;

        public Key() {
        }

        public Key(String owner, String deviceId) {
            this.owner = owner;
            this.deviceId = deviceId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(owner, key.owner) && Objects.equals(deviceId, key.deviceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(owner, deviceId);
        }
    }
}
