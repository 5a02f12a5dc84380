package io.authcloud.recovery.domain.release;

import io.authcloud.platform.crypto.DevicePublicKeys;
import io.authcloud.platform.inbox.PoisonEvent;
import io.authcloud.recovery.config.RecoveryConfig;
import io.authcloud.recovery.domain.devices.PersonDevices;
import io.authcloud.recovery.domain.escrow.KeyEscrow;
import io.authcloud.recovery.domain.saga.RecoveryProblems;
import io.authcloud.recovery.domain.saga.RecoveryService;
import io.authcloud.recovery.domain.saga.RecoverySession;
import io.authcloud.recovery.domain.saga.VerificationFailure;
import io.authcloud.recovery.events.RecoveryEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.authcloud.platform.observability.Outcomes;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Releases a recovery's backup key only to a person who proved a second factor for that recovery, on top
 * of the recent sign-in the endpoint needs: a code by email or SMS (a {@code key-release} verification) or
 * the approval of another of their phones (number matching). Limits are per person, never per device or
 * session: failed second factors lock release, releases and approval requests are counted per day.
 */
@ApplicationScoped
public class KeyReleaseService {

    public static final String EMAIL = "email";
    public static final String SMS = "sms";
    public static final String DEVICE = "device";

    private static final Duration DAY = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which ways the caller's token offers to reach them: an email address, a phone number. */
    public record Contact(boolean email, boolean sms) {
    }

    /** A released key, encrypted for the recovering phone (a compact JWE only that phone can open). */
    public record ReleasedKey(String wrappedKey, String keyId) {
    }

    /** The JWE {@code typ} of a released backup key. */
    public static final String WRAPPED_KEY_TYPE = "authcloud-backup-key+jwe";

    /** Where a recovery's key release stands, as the app shows it. */
    public record Status(String state, List<String> methods, String secondFactor, Instant provedAt,
            ApprovalView approval) {
    }

    /** The approval request that counts now. */
    public record ApprovalView(UUID id, int number, String state, Instant expiresAt) {
        static ApprovalView of(RecoveryApproval approval, Instant now) {
            return new ApprovalView(approval.id, approval.number, approval.stateAt(now).name(), approval.expiresAt);
        }
    }

    /** The second factors a metric names; any other value is counted as {@code other}. */
    private static final Set<String> SECOND_FACTOR_METHODS = Set.of("email", "sms", "qr", "push-approval");

    private final RecoveryService recoveries;
    private final KeyEscrow escrow;
    private final PersonDevices devices;
    private final RecoveryEvents events;
    private final RecoveryConfig config;
    private final Clock clock;
    private final Outcomes outcomes;

    public KeyReleaseService(RecoveryService recoveries, KeyEscrow escrow, PersonDevices devices, RecoveryEvents events,
            RecoveryConfig config, Clock clock, Outcomes outcomes) {
        this.recoveries = recoveries;
        this.escrow = escrow;
        this.devices = devices;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    /**
     * Releases the backup key of an open recovery whose owner proved a second factor for it, unless the
     * person's failed second factors lock release or their releases of the day are used up. The first
     * release of a recovery is told to the owner (RecoveryKeyReleased, through the outbox).
     */
    public Uni<ReleasedKey> release(String owner, UUID id, Contact contact) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> openAndUnlocked(owner, id, now)
                .flatMap(session -> {
                    Uni<Void> proven = session.secondFactor != null ? Uni.createFrom().voidItem()
                            : methods(session, contact).map(methods -> {
                                throw RecoveryProblems.secondFactorRequired(id, methods);
                            });
                    return proven
                            .chain(() -> KeyRelease.count("owner = ?1 and releasedAt > ?2", owner, now.minus(DAY)))
                            .flatMap(releasedToday -> {
                                if (releasedToday >= config.keyReleasesPerDay()) {
                                    throw RecoveryProblems.tooManyReleases(config.keyReleasesPerDay());
                                }
                                return escrow.find(owner, session.provider, session.storageAccount, session.keyId);
                            })
                            .flatMap(escrowed -> {
                                if (escrowed == null) {
                                    throw RecoveryProblems.keyNotEscrowed(session.keyId);
                                }
                                if (session.devicePublicKey == null) {
                                    throw RecoveryProblems.startedWithoutPhoneKey(session);
                                }
                                session.keyReleases++;
                                Log.infof("Recovery %s: backup key %s released to %s on device %s after a %s second factor"
                                        + " (release %d of this recovery)", id, session.keyId, owner, session.deviceId,
                                        session.secondFactor, session.keyReleases);
                                byte[] key = escrow.unwrap(escrowed);
                                ReleasedKey released = new ReleasedKey(
                                        DevicePublicKeys.encryptFor(session.devicePublicKey, key, WRAPPED_KEY_TYPE), escrowed.keyId);
                                java.util.Arrays.fill(key, (byte) 0);
                                Uni<?> told = session.keyReleases == 1 ? events.keyReleased(session, escrowed.keyId, now)
                                        : Uni.createFrom().voidItem();
                                return new KeyRelease(owner, id, now).persist().chain(() -> told).replaceWith(released);
                            });
                }))
                .invoke(() -> outcomes.count("key.releases", "outcome", "released"))
                // Asking for the second factor is a step of the flow, not a refusal.
                .onFailure(ProblemException.class).invoke(failure -> {
                    if (!((ProblemException) failure).problem().getType().equals(ProblemType.SECOND_FACTOR_REQUIRED.uri())) {
                        outcomes.count("key.releases", "outcome", "refused");
                    }
                });
    }

    /** {@code authcloud_second_factors_total{method, outcome}}: a second factor proved or failed for a release. */
    public void countSecondFactor(String method, boolean passed) {
        outcomes.count("second.factors", "method", SECOND_FACTOR_METHODS.contains(method) ? method : "other",
                "outcome", passed ? "passed" : "failed");
    }

    /**
     * Asks the person's other phones holding a personal credential to approve this recovery: answers the
     * number the recovering phone shows; a newer request replaces the previous one.
     */
    public Uni<RecoveryApproval> requestApproval(String owner, UUID id) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> openAndUnlocked(owner, id, now)
                .flatMap(session -> devices.canApprove(owner, session.deviceId)
                        .flatMap(canApprove -> {
                            if (!canApprove) {
                                throw RecoveryProblems.noApprovingDevice();
                            }
                            return RecoveryApproval.<RecoveryApproval>list(
                                    "owner = ?1 and requestedAt > ?2 order by requestedAt", owner, now.minus(DAY));
                        })
                        .flatMap(today -> {
                            if (today.size() >= config.approvalRequestsPerDay()) {
                                Instant freed = today.get(today.size() - config.approvalRequestsPerDay()).requestedAt.plus(DAY);
                                throw RecoveryProblems.tooManyApprovals(config.approvalRequestsPerDay(),
                                        Math.max(1, Duration.between(now, freed).toSeconds()));
                            }
                            return RecoveryApproval.update("state = ?1 where recoveryId = ?2 and state = ?3",
                                    RecoveryApproval.State.REPLACED, id, RecoveryApproval.State.PENDING);
                        })
                        .flatMap(replaced -> {
                            RecoveryApproval approval = new RecoveryApproval();
                            approval.id = UUID.randomUUID();
                            approval.recoveryId = id;
                            approval.owner = owner;
                            approval.number = 10 + RANDOM.nextInt(90);
                            approval.state = RecoveryApproval.State.PENDING;
                            approval.requestedAt = now;
                            approval.expiresAt = now.plus(config.approvalValidity());
                            session.approvalId = approval.id;
                            return approval.persist()
                                    .chain(() -> events.approvalRequested(session, approval))
                                    .replaceWith(approval);
                        })))
                .invoke(approval -> Log.infof("Recovery %s: approval %s asked of the other phones of %s", id, approval.id, owner));
    }

    /**
     * A key-release verification succeeded (in the consumer's transaction): it proves the second factor of
     * an open recovery of the same person on the same phone, and nothing else.
     */
    public Uni<Void> verified(String owner, UUID recoveryId, String deviceId, String method, Instant at) {
        if (!EMAIL.equals(method) && !SMS.equals(method)) {
            throw new PoisonEvent("A key-release verification is proven by email or sms, not " + method);
        }
        return openSession(owner, recoveryId).map(session -> {
            if (session == null) {
                Log.infof("Key-release verification of %s for recovery %s: no open recovery of theirs, ignored", owner, recoveryId);
            } else if (!session.deviceId.equals(deviceId)) {
                Log.warnf("Recovery %s: a key-release code was verified on device %s, not on the recovering phone %s; ignored",
                        recoveryId, deviceId, session.deviceId);
            } else {
                prove(session, method, at);
            }
            return null;
        });
    }

    /**
     * Another phone answered an approval request (in the consumer's transaction). An approval of the
     * request that counts now proves the second factor; a denial counts as a failed second factor, whatever
     * became of the request since.
     */
    @WithTransaction
    public Uni<Void> approvalAnswered(String eventId, UUID approvalId, UUID recoveryId, String owner, String answeredBy,
            boolean approved, Instant answeredAt) {
        return RecoveryApproval.<RecoveryApproval>findById(approvalId, LockModeType.PESSIMISTIC_WRITE).flatMap(approval -> {
            if (approval == null || !approval.owner.equals(owner) || !approval.recoveryId.equals(recoveryId)) {
                Log.warnf("Approval answer %s names no approval %s of %s for recovery %s; ignored", eventId, approvalId,
                        owner, recoveryId);
                return Uni.createFrom().voidItem();
            }
            Uni<Void> failure = approved ? Uni.createFrom().voidItem()
                    : new VerificationFailure(eventId, owner, answeredAt).persist().replaceWithVoid();
            if (RecoveryApproval.State.PENDING != approval.state) {
                return failure;
            }
            approval.answeredAt = answeredAt;
            approval.answeredBy = answeredBy;
            if (!approved) {
                approval.state = RecoveryApproval.State.DENIED;
                Log.infof("Recovery %s: approval %s denied on device %s", recoveryId, approvalId, answeredBy);
                return failure;
            }
            if (answeredAt.isAfter(approval.expiresAt)) {
                Log.warnf("Recovery %s: approval %s answered after it expired; ignored", recoveryId, approvalId);
                return Uni.createFrom().voidItem();
            }
            approval.state = RecoveryApproval.State.APPROVED;
            return openSession(owner, recoveryId).map(session -> {
                if (session != null && approvalId.equals(session.approvalId) && !session.deviceId.equals(answeredBy)) {
                    prove(session, DEVICE, answeredAt);
                }
                return null;
            });
        });
    }

    /** Where the key release of a recovery stands, with the ways the person has to prove it is them. */
    public Uni<Status> status(RecoverySession session, Contact contact) {
        Instant now = clock.instant();
        return Panache.withSession(() -> methods(session, contact).flatMap(methods -> failures(session.owner, now)
                .flatMap(failures -> (session.approvalId == null ? Uni.createFrom().<RecoveryApproval>nullItem()
                        : RecoveryApproval.<RecoveryApproval>findById(session.approvalId))
                        .map(approval -> {
                            String state;
                            if (!session.isOpen()) {
                                state = "CLOSED";
                            } else if (failures >= config.failedVerificationsPerDay()) {
                                state = "LOCKED";
                            } else if (session.secondFactor != null) {
                                state = session.keyReleases > 0 ? "RELEASED" : "READY";
                            } else if (approval != null && RecoveryApproval.State.PENDING == approval.stateAt(now)) {
                                state = "APPROVAL_PENDING";
                            } else {
                                state = "SECOND_FACTOR_REQUIRED";
                            }
                            return new Status(state, methods, session.secondFactor, session.secondFactorAt,
                                    approval == null ? null : ApprovalView.of(approval, now));
                        }))));
    }

    /** The ways available now: a code to the token's email or phone number, or another phone's approval. */
    private Uni<List<String>> methods(RecoverySession session, Contact contact) {
        return devices.canApprove(session.owner, session.deviceId).map(canApprove -> {
            List<String> methods = new ArrayList<>();
            if (contact.email()) {
                methods.add(EMAIL);
            }
            if (contact.sms()) {
                methods.add(SMS);
            }
            if (canApprove) {
                methods.add(DEVICE);
            }
            return methods;
        });
    }

    /**
     * The owner's open recovery, locked, with the person's other requests waiting (limits per person hold
     * under concurrency); refused when the recovery is over or the person's failures lock release.
     */
    private Uni<RecoverySession> openAndUnlocked(String owner, UUID id, Instant now) {
        return lockPerson(owner).chain(() -> recoveries.owned(owner, id, true)).call(session -> {
            if (!session.isOpen()) {
                throw RecoveryProblems.closed(session);
            }
            return requireUnlocked(owner, now);
        });
    }

    /** Whether the person's failed second factors of the last 24 hours lock what needs one (key release, transfers). */
    public Uni<Boolean> isLocked(String owner) {
        return failures(owner, clock.instant()).map(failures -> failures >= config.failedVerificationsPerDay());
    }

    private Uni<Void> requireUnlocked(String owner, Instant now) {
        return failures(owner, now).invoke(failures -> {
            if (failures >= config.failedVerificationsPerDay()) {
                throw RecoveryProblems.keyReleaseLocked(failures.intValue());
            }
        }).replaceWithVoid();
    }

    /** The person's failed verifications and second factors in the last 24 hours. */
    private static Uni<Long> failures(String owner, Instant now) {
        return VerificationFailure.count("owner = ?1 and failedAt > ?2", owner, now.minus(DAY));
    }

    /** Serializes the requests of one person, so limits counted per person hold under concurrency. */
    private static Uni<Void> lockPerson(String owner) {
        return Panache.getSession().flatMap(db -> db.createNativeQuery(
                        "SELECT 1 FROM pg_advisory_xact_lock(hashtext(:owner))", Integer.class)
                .setParameter("owner", "key-release:" + owner).getSingleResult()).replaceWithVoid();
    }

    private Uni<RecoverySession> openSession(String owner, UUID recoveryId) {
        return RecoverySession.<RecoverySession>findById(recoveryId, LockModeType.PESSIMISTIC_WRITE)
                .map(session -> session != null && session.owner.equals(owner) && session.isOpen()
                        && clock.instant().isBefore(session.expiresAt) ? session : null);
    }

    private static void prove(RecoverySession session, String method, Instant at) {
        if (session.secondFactor == null) {
            session.secondFactor = method;
            session.secondFactorAt = at;
            Log.infof("Recovery %s: second factor proven by %s", session.id, method);
        }
    }
}
