package io.authcloud.recovery.domain.escrow;

import io.authcloud.platform.http.WritePrecondition;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.authcloud.platform.scheduling.ScheduledRuns;
import io.authcloud.recovery.events.RecoveryEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.security.MessageDigest;
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
    private final RecoveryEvents events;
    private final Clock clock;

    public KeyEscrow(KekRing ring, RecoveryEvents events, Clock clock) {
        this.ring = ring;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Escrows a key under its key id, as the precondition allows: {@code If-None-Match: *} for a new key id,
     * {@code If-Match} with the escrow's version to replace the key of an existing one (the caller checked
     * the recent sign-in that needs). Each escrow is told to the person (RecoveryKeyEscrowed).
     */
    public Uni<Escrowed> escrow(String owner, String provider, String storageAccount, String keyId, byte[] key,
            WritePrecondition precondition) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> EscrowedKey.<EscrowedKey>findById(
                        new EscrowedKey.Key(owner, provider, storageAccount, keyId), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(existing -> {
                    requireMet(precondition, existing, keyId);
                    EscrowedKey escrowed = existing != null ? existing : new EscrowedKey();
                    escrowed.owner = owner;
                    escrowed.provider = provider;
                    escrowed.storageAccount = storageAccount;
                    escrowed.keyId = keyId;
                    escrowed.version = existing != null ? existing.version + 1 : 1;
                    escrowed.kekId = ring.currentId();
                    escrowed.wrapped = ring.wrap(key, escrowed.context());
                    escrowed.escrowedAt = now;
                    escrowed.rewrappedAt = null;
                    Arrays.fill(key, (byte) 0);
                    Uni<?> stored = existing != null ? Uni.createFrom().voidItem() : escrowed.persist();
                    return stored.chain(() -> events.keyEscrowed(escrowed, existing != null))
                            .replaceWith(new Escrowed(escrowed, existing == null));
                }))
                .invoke(escrowed -> Log.infof("Backup key %s of %s for %s/%s escrowed under %s (version %d)", keyId, owner,
                        provider, storageAccount, escrowed.key().kekId, escrowed.key().version));
    }

    private static void requireMet(WritePrecondition precondition, EscrowedKey existing, String keyId) {
        if (precondition instanceof WritePrecondition.None) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED, existing == null
                    ? "To escrow a new key, send If-None-Match: *."
                    : "A key with id " + keyId + " is escrowed already. To replace it, send If-Match with its ETag ("
                            + WritePrecondition.etag(existing.version) + ") after signing in again.");
        }
        if (precondition instanceof WritePrecondition.CreateOnly && existing != null) {
            throw conflict("A key with id " + keyId + " is escrowed already (version " + existing.version + "). To replace"
                    + " it, send If-Match: " + WritePrecondition.etag(existing.version) + " after signing in again.", existing);
        }
        if (precondition instanceof WritePrecondition.Matches matches
                && (existing == null || !matches.accepts(existing.version))) {
            throw conflict(existing == null ? "No key with id " + keyId + " is escrowed here. To escrow it, send"
                    + " If-None-Match: *." : "The escrowed key " + keyId + " is at version " + existing.version
                    + ", not the one you named.", existing);
        }
    }

    private static ProblemException conflict(String detail, EscrowedKey current) {
        return new ProblemException(Problem.of(ProblemType.VERSION_CONFLICT, detail)
                .with("currentVersion", current == null ? null : current.version)
                .with("currentEtag", current == null ? null : WritePrecondition.etag(current.version)));
    }

    /** What copying an escrowed key next to another location came to. */
    public enum Copy {
        /** A new escrow row at the target holds the key. */
        CREATED,
        /** The same key was escrowed there under the same key id already. */
        ALREADY_THERE,
        /** Another key is escrowed there under the same key id: nothing is copied. */
        CONFLICT
    }

    /**
     * Copies an escrowed key to another location of the same person, under the same key id, wrapped anew for
     * its new row (in the caller's transaction). The plaintext key lives only in memory, for this call.
     */
    @WithTransaction
    public Uni<Copy> copy(EscrowedKey source, String targetProvider, String targetStorageAccount, Instant now) {
        return EscrowedKey.<EscrowedKey>findById(new EscrowedKey.Key(source.owner, targetProvider, targetStorageAccount,
                        source.keyId), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(existing -> {
                    byte[] key = unwrap(source);
                    try {
                        if (existing != null) {
                            byte[] there = unwrap(existing);
                            boolean same = MessageDigest.isEqual(key, there);
                            Arrays.fill(there, (byte) 0);
                            return Uni.createFrom().item(same ? Copy.ALREADY_THERE : Copy.CONFLICT);
                        }
                        EscrowedKey copy = new EscrowedKey();
                        copy.owner = source.owner;
                        copy.provider = targetProvider;
                        copy.storageAccount = targetStorageAccount;
                        copy.keyId = source.keyId;
                        copy.version = 1;
                        copy.kekId = ring.currentId();
                        copy.wrapped = ring.wrap(key, copy.context());
                        copy.escrowedAt = now;
                        return copy.persist().replaceWith(Copy.CREATED);
                    } finally {
                        Arrays.fill(key, (byte) 0);
                    }
                });
    }

    /**
     * Removes a key {@link #copy} created, unless it was replaced since (its version moved on): the
     * compensation of a transfer that copied no backup. Answers whether it was removed.
     */
    @WithTransaction
    public Uni<Boolean> removeCopy(String owner, String provider, String storageAccount, String keyId) {
        return EscrowedKey.delete("owner = ?1 and provider = ?2 and storageAccount = ?3 and keyId = ?4 and version = 1",
                owner, provider, storageAccount, keyId).map(removed -> removed > 0);
    }

    /** The plaintext key of an escrowed key, for the one answer that releases it. */
    public byte[] unwrap(EscrowedKey escrowed) {
        return ring.unwrap(escrowed.kekId, escrowed.wrapped, escrowed.context());
    }

    @WithSession
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

    /** On a schedule: moves escrowed keys to the current key-encryption key in the background, without downtime. */
    @Scheduled(every = "${authcloud.recovery.rewrap-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rewrapOnSchedule() {
        return ScheduledRuns.untilTheNextRun("The re-wrap of escrowed keys", rewrapAll());
    }
}
