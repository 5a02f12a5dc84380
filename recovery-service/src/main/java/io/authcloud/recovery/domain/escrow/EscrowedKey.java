package io.authcloud.recovery.domain.escrow;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

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
    @Column(name = "storage_account")
    public String storageAccount;

    @Id
    @Column(name = "key_id")
    public String keyId;

    public byte[] wrapped;

    @Column(name = "kek_id")
    public String kekId;

    @Column(name = "escrowed_at")
    public Instant escrowedAt;

    @Column(name = "rewrapped_at")
    public Instant rewrappedAt;

    /** Counts replacements of this key id: the ETag, so a replacement needs {@code If-Match}. */
    public int version;

    /** The associated data binding a wrap to this row: owner, location and key id. */
    public byte[] context() {
        return String.join("\u0000", owner, provider, storageAccount, keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** The primary key of an escrowed key. */
    public static class Key implements Serializable {
        public String owner;
        public String provider;
        public String storageAccount;
        public String keyId;

        public Key() {
        }

        public Key(String owner, String provider, String storageAccount, String keyId) {
            this.owner = owner;
            this.provider = provider;
            this.storageAccount = storageAccount;
            this.keyId = keyId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(owner, k.owner) && Objects.equals(provider, k.provider)
                    && Objects.equals(storageAccount, k.storageAccount) && Objects.equals(keyId, k.keyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(owner, provider, storageAccount, keyId);
        }
    }
}
