package io.authcloud.recovery.domain.release;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One release of a backup key, counted per person: a new device or session resets nothing. */
@Entity
@Table(name = "key_release")
public class KeyRelease extends PanacheEntityBase {

    @Id
    public UUID id;

    public String owner;

    public UUID recoveryId;

    public Instant releasedAt;

    public KeyRelease() {
    }

    public KeyRelease(String owner, UUID recoveryId, Instant releasedAt) {
        this.id = UUID.randomUUID();
        this.owner = owner;
        this.recoveryId = recoveryId;
        this.releasedAt = releasedAt;
    }
}
