package io.authcloud.recovery.escrow;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/**
 * Escrows backup keys (envelope encryption: each 256-bit key wrapped with AES-256-GCM under the current
 * key-encryption key) and unwraps them for release. The plaintext key exists only in memory, never in a
 * row or a log line.
 */
@ApplicationScoped
public class KeyEscrow {

    /** Whether an escrow created the row or replaced the key in it. */
    public record Escrowed(EscrowedKey key, boolean created) {
    }

    private final KekRing ring;
    private final Clock clock;

    public KeyEscrow(KekRing ring, Clock clock) {
        this.ring = ring;
        this.clock = clock;
    }

    public Uni<Escrowed> escrow(String owner, String provider, String storageAccount, String keyId, byte[] key) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> EscrowedKey.<EscrowedKey>findById(
                        new EscrowedKey.Key(owner, provider, storageAccount, keyId), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(existing -> {
                    EscrowedKey escrowed = existing != null ? existing : new EscrowedKey();
                    escrowed.owner = owner;
                    escrowed.provider = provider;
                    escrowed.storageAccount = storageAccount;
                    escrowed.keyId = keyId;
                    escrowed.kekId = ring.currentId();
                    escrowed.wrapped = ring.wrap(key, escrowed.context());
                    escrowed.escrowedAt = now;
                    escrowed.rewrappedAt = null;
                    Arrays.fill(key, (byte) 0);
                    return existing != null ? Uni.createFrom().item(new Escrowed(escrowed, false))
                            : escrowed.persist().replaceWith(new Escrowed(escrowed, true));
                }))
                .invoke(escrowed -> Log.infof("Backup key %s of %s for %s/%s escrowed under %s", keyId, owner, provider,
                        storageAccount, escrowed.key().kekId));
    }

    /** The plaintext key of an escrowed key, for the one answer that releases it. */
    public byte[] unwrap(EscrowedKey escrowed) {
        return ring.unwrap(escrowed.kekId, escrowed.wrapped, escrowed.context());
    }

    public Uni<EscrowedKey> find(String owner, String provider, String storageAccount, String keyId) {
        return EscrowedKey.findById(new EscrowedKey.Key(owner, provider, storageAccount, keyId));
    }

    /**
     * Moves up to {@code batch} keys wrapped under an older key-encryption key to the current one, each
     * in place (unwrap, wrap, update in one transaction; rows locked with SKIP LOCKED so replicas share the
     * work and requests never wait). Answers how many were moved.
     */
    public Uni<Integer> rewrapBatch(int batch) {
        String current = ring.currentId();
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT * FROM escrowed_key WHERE kek_id <> :current LIMIT :batch FOR UPDATE SKIP LOCKED",
                        EscrowedKey.class)
                .setParameter("current", current)
                .setParameter("batch", batch)
                .getResultList())
                .map(stale -> {
                    for (EscrowedKey escrowed : stale) {
                        byte[] key = ring.unwrap(escrowed.kekId, escrowed.wrapped, escrowed.context());
                        escrowed.wrapped = ring.wrap(key, escrowed.context());
                        Arrays.fill(key, (byte) 0);
                        escrowed.kekId = current;
                        escrowed.rewrappedAt = now;
                    }
                    return stale.size();
                }))
                .invoke(count -> {
                    if (count > 0) {
                        Log.infof("Re-wrapped %d escrowed keys under %s", count, current);
                    }
                });
    }

    /** Moves every old wrap to the current key, batch after batch. */
    public Uni<Integer> rewrapAll() {
        return rewrapBatch(200).flatMap(moved -> moved < 200 ? Uni.createFrom().item(moved)
                : rewrapAll().map(more -> moved + more));
    }
}
