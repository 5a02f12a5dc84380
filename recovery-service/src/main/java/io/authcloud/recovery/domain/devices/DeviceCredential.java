package io.authcloud.recovery.domain.devices;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A push credential of the person on one of their devices, as credential-events told it. */
@Entity
@Table(name = "device_credential")
public class DeviceCredential extends PanacheEntityBase {

    public static final String PERSONAL = "personal";

    @Id
    public UUID credentialId;

    public String owner;

    public String deviceId;

    /** {@code personal} or {@code work}. */
    public String kind;

    public boolean active;

    public Instant updatedAt;
}
