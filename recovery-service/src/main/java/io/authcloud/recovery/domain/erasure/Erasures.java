package io.authcloud.recovery.domain.erasure;

import io.authcloud.platform.erasure.ErasedSubjects;
import io.authcloud.platform.inbox.PoisonEvent;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.authcloud.platform.scheduling.ScheduledRuns;
import io.authcloud.recovery.config.RecoveryConfig;
import io.authcloud.recovery.domain.release.KeyReleaseService;
import io.authcloud.recovery.events.RecoveryEvents;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The erasure saga, orchestrated here (docs/architecture.md, "Erase everything about me"). Asked for with a
 * recent sign-in, it waits for an {@code erasure} verification of the same person on the phone that asked; then
 * this service deletes what it holds about the person and asks the three others (ErasureRequested), each of
 * which deletes theirs and confirms on its own topic. The saga completes when all four confirmed
 * (ErasureCompleted: the final mail), asking again, on a schedule, the services whose confirmation is missing.
 */
@ApplicationScoped
public class Erasures {

    /** What a request answered: the erasure, and whether it is new. */
    public record Requested(Erasure erasure, boolean created) {
    }

    private final PersonalData personalData;
    private final ErasedSubjects erasedSubjects;
    private final KeyReleaseService keyReleases;
    private final RecoveryEvents events;
    private final RecoveryConfig config;
    private final Clock clock;

    public Erasures(PersonalData personalData, ErasedSubjects erasedSubjects, KeyReleaseService keyReleases,
            RecoveryEvents events, RecoveryConfig config, Clock clock) {
        this.personalData = personalData;
        this.erasedSubjects = erasedSubjects;
        this.keyReleases = keyReleases;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Asks for the erasure of everything about {@code owner}: an erasure under way, or one waiting for its second
     * factor from the same phone, is answered again; one waiting on another phone is replaced.
     */
    @WithTransaction
    public Uni<Requested> request(String owner, String deviceId) {
        Instant now = clock.instant();
        return Erasure.<Erasure>find("subjectHash = ?1 and state in ?2 order by requestedAt desc",
                        ErasedSubjects.hash(owner), List.of(Erasure.State.SECOND_FACTOR_REQUIRED, Erasure.State.ERASING))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .flatMap(open -> {
                    for (Erasure erasure : open) {
                        if (erasure.state == Erasure.State.ERASING
                                || erasure.stateAt(now) == Erasure.State.SECOND_FACTOR_REQUIRED && erasure.deviceId.equals(deviceId)) {
                            return Uni.createFrom().item(new Requested(erasure, false));
                        }
                        erasure.state = Erasure.State.REPLACED;
                        erasure.owner = null;
                        erasure.deviceId = null;
                    }
                    Erasure erasure = new Erasure();
                    erasure.id = UUID.randomUUID();
                    erasure.subjectHash = ErasedSubjects.hash(owner);
                    erasure.owner = owner;
                    erasure.deviceId = deviceId;
                    erasure.state = Erasure.State.SECOND_FACTOR_REQUIRED;
                    erasure.requestedAt = now;
                    erasure.expiresAt = now.plus(config.erasure().validity());
                    Log.infof("Erasure %s of %s asked for on device %s; it waits for the second factor", erasure.id, owner,
                            deviceId);
                    return erasure.persist().replaceWith(new Requested(erasure, true));
                });
    }

    /** The person's newest erasure, found by the hash of their sub (their data may be gone already). */
    @WithSession
    public Uni<Erasure> latest(String owner) {
        return Erasure.<Erasure>find("subjectHash = ?1 and state <> ?2 order by requestedAt desc", ErasedSubjects.hash(owner),
                        Erasure.State.REPLACED)
                .firstResult()
                .invoke(erasure -> {
                    if (erasure == null) {
                        throw new ProblemException(Problem.of(ProblemType.NOT_FOUND,
                                "You have not asked for the erasure of your data (DELETE /v1/me)."));
                    }
                });
    }

    /**
     * An {@code erasure} verification succeeded: when it is this person's erasure, proven on the phone that asked
     * and in time, and their failed second factors do not lock them, this service erases what it holds about them
     * and asks the others.
     */
    @WithTransaction
    public Uni<Void> verified(String owner, UUID erasureId, String deviceId, String method, Instant at) {
        if (!KeyReleaseService.EMAIL.equals(method) && !KeyReleaseService.SMS.equals(method)) {
            throw new PoisonEvent("An erasure verification is proven by email or sms, not " + method);
        }
        return Erasure.<Erasure>findById(erasureId, LockModeType.PESSIMISTIC_WRITE).flatMap(erasure -> {
            if (erasure == null || !erasure.subjectHash.equals(ErasedSubjects.hash(owner))) {
                Log.warnf("Erasure %s: a verification names an erasure that is not its person's; ignored", erasureId);
                return Uni.createFrom().voidItem();
            }
            if (erasure.state != Erasure.State.SECOND_FACTOR_REQUIRED) {
                return Uni.createFrom().voidItem();
            }
            if (!erasure.deviceId.equals(deviceId) || at.isAfter(erasure.expiresAt)) {
                Log.warnf("Erasure %s: its code was proven on device %s (not the asking phone %s) or after it expired;"
                        + " ignored", erasureId, deviceId, erasure.deviceId);
                return Uni.createFrom().voidItem();
            }
            return keyReleases.isLocked(owner).flatMap(locked -> {
                if (locked) {
                    Log.warnf("Erasure %s of %s: too many failed second factors lately; the erasure waits", erasureId, owner);
                    return Uni.createFrom().voidItem();
                }
                return start(erasure, method);
            });
        });
    }

    private Uni<Void> start(Erasure erasure, String method) {
        Instant now = clock.instant();
        erasure.state = Erasure.State.ERASING;
        erasure.provedBy = method;
        erasure.provedAt = now;
        return erasedSubjects.erase(erasure.owner, PersonalData.DELETES)
                .invoke(() -> erasure.confirm("recovery-service", now))
                .chain(() -> ask(erasure, now))
                .invoke(() -> Log.infof("Erasure %s of %s started after a %s second factor: recovery-service's data is"
                        + " erased, the other services are asked", erasure.id, erasure.owner, method));
    }

    private Uni<Void> ask(Erasure erasure, Instant now) {
        erasure.askedAt = now;
        erasure.requests++;
        return events.erasureRequested(erasure, erasure.missing()).replaceWithVoid();
    }

    /** {@code service} confirmed it erased the person's data; the last confirmation completes the erasure. */
    @WithTransaction
    public Uni<Void> confirmed(String service, UUID erasureId, String owner, Instant at) {
        return Erasure.<Erasure>findById(erasureId, LockModeType.PESSIMISTIC_WRITE).flatMap(erasure -> {
            if (erasure == null || !erasure.subjectHash.equals(ErasedSubjects.hash(owner))) {
                Log.warnf("Erasure %s: %s confirms an erasure that is not its person's; ignored", erasureId, service);
                return Uni.createFrom().voidItem();
            }
            if (erasure.state != Erasure.State.ERASING || !erasure.confirm(service, at)) {
                return Uni.createFrom().voidItem();
            }
            Log.infof("Erasure %s: %s confirmed", erasureId, service);
            if (!erasure.missing().isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.instant();
            erasure.state = Erasure.State.COMPLETED;
            erasure.completedAt = now;
            // Everything this service still held about the person (a catalogue row an event in flight wrote before
            // the tombstone took effect, say) goes again; then the erasure forgets whom it was about.
            return personalData.erase(owner)
                    .chain(() -> events.erasureCompleted(erasure, owner))
                    .invoke(() -> {
                        erasure.owner = null;
                        erasure.deviceId = null;
                        Log.infof("Erasure %s completed: all four services erased the person's data", erasureId);
                    })
                    .replaceWithVoid();
        });
    }

    /** On a schedule: asks again the services that have not confirmed an erasure within the retry interval. */
    @Scheduled(every = "${authcloud.recovery.erasure.retry-sweep:30s}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retryOnSchedule() {
        return ScheduledRuns.untilTheNextRun("The erasure retry", retryMissing());
    }

    /** Asks again, once each, the services missing from every erasure asked longer than the retry interval ago. */
    @WithTransaction
    public Uni<Integer> retryMissing() {
        Instant now = clock.instant();
        return Erasure.<Erasure>find("state = ?1 and askedAt < ?2", Erasure.State.ERASING, now.minus(config.erasure().retryAfter()))
                .withLock(LockModeType.PESSIMISTIC_WRITE).page(0, 100).list()
                .flatMap(due -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Erasure erasure : due) {
                        Log.infof("Erasure %s: asking %s again (request %d)", erasure.id, erasure.missing(), erasure.requests + 1);
                        chain = chain.chain(() -> ask(erasure, now));
                    }
                    return chain.replaceWith(due.size());
                });
    }
}
