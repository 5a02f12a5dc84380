package io.authcloud.recovery.domain.escrow;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A backup key in escrow, wrapped by a key-encryption key; the plaintext key is never stored. */
@Entity
@Table(name = "escrowed_key")
@IdClass(EscrowedKey.Key.class)
public class EscrowedKey extends PanacheEntityBase {

    @Id
    public String owner;

    @Id
    public String provider;

    @Id
    public String storageAccount;

    @Id
    public String keyId;

    public byte[] wrapped;

    public String kekId;

    public Instant escrowedAt;

    public Instant rewrappedAt;

    /** Counts replacements of this key id: the ETag, so a replacement needs {@code If-Match}. */
    public int version;

    /** The associated data binding a wrap to this row: owner, location and key id. */
    public byte[] context() {
        return String.join("\u0000", owner, provider, storageAccount, keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** The primary key of an escrowed key. */
    public record Key(String owner, String provider, String storageAccount, String keyId) implements Serializable {
    }
}
