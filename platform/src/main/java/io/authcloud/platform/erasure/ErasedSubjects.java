package io.authcloud.platform.erasure;

import io.authcloud.platform.scheduling.ScheduledRuns;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every service does when a person asks to be erased, besides deleting its own tables' rows: the events
 * about them still waiting in its outbox (published or not) go ({@link RedisErasure} deletes Redis keys), and a
 * tombstone (a hash of their {@code sub}, never the {@code sub} itself) makes its consumers skip every event
 * about them written before the erasure ({@link io.authcloud.platform.inbox.EventInbox}), so that an event in
 * flight cannot bring their data back. The tombstone goes once the topics have forgotten such events.
 */
@ApplicationScoped
public class ErasedSubjects {

    private static final String CONTEXT = "authcloud erased subject";

    private final Clock clock;
    private final Duration tombstoneRetention;

    public ErasedSubjects(Clock clock,
            @ConfigProperty(name = "authcloud.erasure.tombstone-retention", defaultValue = "P8D") Duration tombstoneRetention) {
        this.clock = clock;
        this.tombstoneRetention = tombstoneRetention;
    }

    /** The hex SHA-256 under which an erased {@code sub} is remembered (also recovery-service's erasure record). */
    public static String hash(String sub) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(CONTEXT.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(sub.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /**
     * In the current transaction: runs the service's {@code deletes} of the person's rows ({@link #deleteRows}), deletes
     * the outbox's events keyed by {@code sub} and remembers the erasure; answers the rows the deletes changed. Call it
     * before writing the erasure's own confirmation (which is written to be forgotten once published).
     */
    public Uni<Integer> erase(String sub, List<String> deletes) {
        return deleteRows(deletes, sub).call(() -> forgetEventsAndRemember(sub));
    }

    private Uni<Void> forgetEventsAndRemember(String sub) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return Panache.getSession().flatMap(session -> session
                        .createNativeQuery("DELETE FROM outbox_event WHERE record_key = :sub")
                        .setParameter("sub", sub)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery("""
                                        INSERT INTO erased_subject (subject_hash, erased_at) VALUES (:hash, :at)
                                        ON CONFLICT (subject_hash) DO UPDATE SET erased_at = excluded.erased_at""")
                                .setParameter("hash", hash(sub))
                                .setParameter("at", now)
                                .executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * Runs each of {@code statements} (native SQL naming the person as {@code :owner}) in the current transaction, in
     * order; answers the rows they changed. Each service lists its own in its {@code PersonalData}.
     */
    public Uni<Integer> deleteRows(List<String> statements, String owner) {
        return Panache.getSession().flatMap(session -> {
            Uni<Integer> total = Uni.createFrom().item(0);
            for (String statement : statements) {
                total = total.flatMap(sum -> session.createNativeQuery(statement).setParameter("owner", owner).executeUpdate()
                        .map(rows -> sum + rows));
            }
            return total;
        });
    }

    /** Whether an event about {@code sub} written at {@code time} predates that person's erasure here. */
    public Uni<Boolean> erasedAfter(String sub, Instant time) {
        if (sub == null || time == null) {
            return Uni.createFrom().item(false);
        }
        return Panache.getSession().flatMap(session -> session
                        .createNativeQuery("SELECT count(*) FROM erased_subject WHERE subject_hash = :hash AND erased_at >= :time",
                                Long.class)
                        .setParameter("hash", hash(sub))
                        .setParameter("time", time.atOffset(ZoneOffset.UTC))
                        .getSingleResult())
                .map(count -> count > 0);
    }

    /** Every 6 hours: tombstones older than the topics' retention (plus a day) have nothing left to stop. */
    @Scheduled(every = "6h", delayed = "5m")
    Uni<Void> forgetOldTombstones() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(tombstoneRetention);
        return ScheduledRuns.untilTheNextRun("The erasure tombstones' cleanup", Panache.withTransaction(() -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery("DELETE FROM erased_subject WHERE erased_at < :before")
                                .setParameter("before", before)
                                .executeUpdate()))
                .invoke(rows -> {
                    if (rows > 0) {
                        Log.infof("Erasure: %d tombstones older than %s deleted", rows, tombstoneRetention);
                    }
                }));
    }
}
