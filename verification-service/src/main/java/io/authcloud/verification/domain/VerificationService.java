package io.authcloud.verification.domain;

import io.authcloud.platform.privacy.DestinationMask;
import io.authcloud.platform.problem.FieldError;
import io.authcloud.platform.scheduling.ScheduledRuns;
import io.authcloud.verification.config.VerificationConfig;
import io.authcloud.verification.events.VerificationEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Step-up verification by one-time code: start (send a code), check a code, resend, expire. A code is
 * 6 digits from a CSPRNG, valid 10 minutes, used once, kept only as a keyed hash, compared in constant
 * time; 5 wrong tries lock the verification; resends wait 60 seconds and stop after 5 codes.
 */
@ApplicationScoped
public class VerificationService {

    private final OneTimeCodes codes;
    private final RateLimits rateLimits;
    private final VerificationEvents events;
    private final VerificationConfig config;
    private final Clock clock;

    public VerificationService(OneTimeCodes codes, RateLimits rateLimits, VerificationEvents events,
            VerificationConfig config, Clock clock) {
        this.codes = codes;
        this.rateLimits = rateLimits;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts a verification and sends its first code to the caller's email or phone. A key release is sent,
     * limited and locked exactly like an account's verification: only what it proves differs.
     */
    public Uni<Verification> start(Caller caller, Purpose purpose, UUID recoveryId, UUID transferId, UUID erasureId,
            String accountRef, String deviceId, Channel channel) {
        requireFitting(purpose, recoveryId, transferId, erasureId, accountRef);
        String destination = caller.destination(channel);
        Instant now = clock.instant();
        Verification verification = new Verification();
        verification.id = UUID.randomUUID();
        verification.owner = caller.sub();
        verification.purpose = purpose;
        verification.recoveryId = recoveryId;
        verification.transferId = transferId;
        verification.erasureId = erasureId;
        verification.accountRef = accountRef;
        verification.deviceId = deviceId;
        verification.method = channel.method();
        verification.destinationMasked = mask(channel, destination);
        verification.status = VerificationStatus.PENDING;
        verification.sends = 1;
        verification.createdAt = now;
        verification.lastSentAt = now;
        verification.expiresAt = now.plus(config.otp().validity());
        return rateLimits.countSend(destination)
                .chain(() -> codes.issue(verification.id, config.otp().validity()))
                .chain(code -> Panache.withTransaction(() -> verification.persist()
                        .chain(() -> events.started(verification))
                        .chain(() -> events.deliveryRequested(verification, channel, destination, code))))
                .invoke(() -> Log.infof("Verification %s (%s) of %s started for %s on device %s by %s",
                        verification.id, purpose, caller.sub(), switch (purpose) {
                            case KEY_RELEASE -> "recovery " + recoveryId;
                            case TRANSFER -> "transfer " + transferId;
                            case ERASURE -> "erasure " + erasureId;
                            case ACCOUNT -> "account " + accountRef;
                        }, deviceId, channel))
                .replaceWith(verification);
    }

    /** The caller's verification; someone else's is not found. */
    public Uni<Verification> find(Caller caller, UUID id) {
        return Panache.withSession(() -> Verification.<Verification>findById(id)).map(verification -> {
            if (verification == null || !verification.owner.equals(caller.sub())) {
                throw VerificationProblems.notFound();
            }
            return verification;
        });
    }

    /** Checks a code: the verification succeeds, or the answer says how many tries are left. */
    public Uni<Verification> submitCode(Caller caller, UUID id, String code) {
        int maxAttempts = config.otp().maxAttempts();
        return find(caller, id)
                .call(this::requireOpen)
                .call(verification -> rateLimits.takeFailure(caller.sub()))
                .flatMap(verification -> codes.attempt(id, code, maxAttempts).flatMap(attempt -> switch (attempt.outcome()) {
                    case ACCEPTED -> rateLimits.releaseFailure(caller.sub()).chain(() -> succeed(id));
                    case WRONG -> wrongTry(verification, attempt.wrongTries());
                    // No try left to compare. The wrong try that used the last one locks the verification itself;
                    // tries in flight are not yet wrong (a correct one among them may be about to win), so this
                    // one locks nothing and answers what the verification is now.
                    case EXHAUSTED -> rateLimits.releaseFailure(caller.sub()).chain(() -> find(caller, id)).map(current -> {
                        throw switch (current.status) {
                            case VERIFIED -> VerificationProblems.alreadyVerified();
                            case LOCKED -> VerificationProblems.locked();
                            case EXPIRED -> VerificationProblems.expired(current.expiresAt);
                            default -> VerificationProblems.triesInFlight();
                        };
                    });
                    case NONE -> rateLimits.releaseFailure(caller.sub()).chain(() -> find(caller, id)).map(current -> {
                        // No code any more: a concurrent correct submission took it (its verification may not be
                        // committed yet, so a pending one in its time was used, not expired), or it expired.
                        throw switch (current.status) {
                            case VERIFIED -> VerificationProblems.alreadyVerified();
                            case LOCKED -> VerificationProblems.locked();
                            case PENDING -> clock.instant().isBefore(current.expiresAt)
                                    ? VerificationProblems.alreadyVerified()
                                    : VerificationProblems.expired(current.expiresAt);
                            default -> VerificationProblems.expired(current.expiresAt);
                        };
                    });
                    case LOCKED -> rateLimits.releaseFailure(caller.sub()).map(ignored -> {
                        throw VerificationProblems.locked();
                    });
                }));
    }

    /** Sends a new code (the old one stops working), after the cool-down and within the send limit. */
    public Uni<Verification> resend(Caller caller, UUID id) {
        return find(caller, id).call(this::requireOpen).flatMap(verification -> {
            if (verification.method == Method.QR) {
                throw VerificationProblems.alreadyVerified();
            }
            Channel channel = verification.method == Method.EMAIL ? Channel.EMAIL : Channel.SMS;
            String destination = caller.destination(channel);
            Instant now = clock.instant();
            // The rules are checked again on the locked row: concurrent resends cannot both pass them.
            return update(id, current -> {
                if (current.status != VerificationStatus.PENDING) {
                    throw current.status == VerificationStatus.LOCKED ? VerificationProblems.locked()
                            : current.status == VerificationStatus.VERIFIED ? VerificationProblems.alreadyVerified()
                            : VerificationProblems.expired(current.expiresAt);
                }
                if (current.sends >= config.otp().maxSends()) {
                    throw VerificationProblems.tooManyCodes(config.otp().maxSends(),
                            current.expiresAt.getEpochSecond() - now.getEpochSecond());
                }
                Instant allowedAt = current.lastSentAt.plus(config.otp().resendCooldown());
                if (now.isBefore(allowedAt)) {
                    throw VerificationProblems.resendTooSoon(Math.max(1, allowedAt.getEpochSecond() - now.getEpochSecond()));
                }
                return rateLimits.countSend(destination)
                        .chain(() -> codes.issue(id, config.otp().validity()))
                        .chain(code -> {
                            current.sends++;
                            current.lastSentAt = now;
                            current.expiresAt = now.plus(config.otp().validity());
                            current.destinationMasked = mask(channel, destination);
                            return events.deliveryRequested(current, channel, destination, code);
                        });
            }).invoke(current -> Log.infof("Verification %s: code %d of %d sent", id, current.sends, config.otp().maxSends()));
        });
    }

    /** Expires the pending verifications whose code has expired; answers how many. */
    public Uni<Integer> expireDue() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Verification.<Verification>find("status = ?1 and expiresAt <= ?2",
                                VerificationStatus.PENDING, now)
                        .withLock(LockModeType.PESSIMISTIC_WRITE)
                        .page(0, 100).list()
                        .flatMap(due -> Multi.createFrom().iterable(due)
                                .onItem().transformToUniAndConcatenate(this::markExpired)
                                .collect().asList()
                                .map(List::size)))
                .invoke(count -> {
                    if (count > 0) {
                        Log.infof("Expired %d verifications", count);
                    }
                });
    }

    /** Fails unless the verification can still take a code; an expired one is marked so on the way. */
    private Uni<Void> requireOpen(Verification verification) {
        switch (verification.status) {
            case VERIFIED -> throw VerificationProblems.alreadyVerified();
            case LOCKED -> throw VerificationProblems.locked();
            case EXPIRED -> throw VerificationProblems.expired(verification.expiresAt);
            case PENDING -> {
                if (!clock.instant().isBefore(verification.expiresAt)) {
                    return update(verification.id, this::markExpired).map(expired -> {
                        throw VerificationProblems.expired(verification.expiresAt);
                    });
                }
                return Uni.createFrom().voidItem();
            }
            default -> throw new IllegalStateException("Unknown status " + verification.status);
        }
    }

    /** A consumed code verifies only a verification still pending and unexpired (never moves it backwards). */
    private Uni<Verification> succeed(UUID id) {
        return update(id, verification -> {
            Instant now = clock.instant();
            if (verification.status != VerificationStatus.PENDING || !now.isBefore(verification.expiresAt)) {
                throw verification.status == VerificationStatus.LOCKED ? VerificationProblems.locked()
                        : verification.status == VerificationStatus.VERIFIED ? VerificationProblems.alreadyVerified()
                        : VerificationProblems.expired(verification.expiresAt);
            }
            verification.status = VerificationStatus.VERIFIED;
            verification.completedAt = now;
            return events.succeeded(verification);
        }).invoke(verification -> Log.infof("Verification %s of %s succeeded for account %s on device %s",
                verification.id, verification.owner, verification.accountRef, verification.deviceId));
    }

    private Uni<Verification> wrongTry(Verification verification, long wrongTries) {
        int attemptsLeft = (int) Math.max(0, config.otp().maxAttempts() - wrongTries);
        Instant now = clock.instant();
        return update(verification.id, current -> {
            current.failedAttempts = (int) Math.max(current.failedAttempts, wrongTries);
            Uni<UUID> failed = events.failed(current, attemptsLeft, now);
            return attemptsLeft > 0 ? failed : failed.chain(() -> lockLocked(current, now));
        }).map(current -> {
            Log.infof("Verification %s: wrong code, %d tries left", current.id, attemptsLeft);
            throw attemptsLeft == 0 ? VerificationProblems.locked() : VerificationProblems.wrongCode(attemptsLeft);
        });
    }

    private Uni<?> lockLocked(Verification verification, Instant now) {
        if (verification.status != VerificationStatus.PENDING) {
            return Uni.createFrom().voidItem();
        }
        verification.status = VerificationStatus.LOCKED;
        verification.completedAt = now;
        verification.failedAttempts = config.otp().maxAttempts();
        return codes.lock(verification.id).chain(() -> events.locked(verification));
    }

    private Uni<UUID> markExpired(Verification verification) {
        if (verification.status != VerificationStatus.PENDING) {
            return Uni.createFrom().nullItem();
        }
        verification.status = VerificationStatus.EXPIRED;
        verification.completedAt = verification.expiresAt;
        return codes.discard(verification.id).chain(() -> events.expired(verification));
    }

    /** Applies a change to the locked row of a verification, with its events, in one transaction. */
    private Uni<Verification> update(UUID id, Function<Verification, Uni<?>> change) {
        return Panache.withTransaction(() -> Verification.<Verification>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .call(change::apply));
    }

    /**
     * A key release names the recovery it unlocks and no account; a transfer names the transfer it allows and
     * neither account nor recovery; an account's verification names the account and no transfer.
     */
    private static void requireFitting(Purpose purpose, UUID recoveryId, UUID transferId, UUID erasureId,
            String accountRef) {
        List<FieldError> errors = new ArrayList<>();
        if (purpose != Purpose.TRANSFER && transferId != null) {
            errors.add(new FieldError("transferId", "must be given only for a transfer verification"));
        }
        if (purpose != Purpose.ERASURE && erasureId != null) {
            errors.add(new FieldError("erasureId", "must be given only for an erasure verification"));
        }
        if (purpose == Purpose.ERASURE) {
            if (accountRef != null) {
                errors.add(new FieldError("accountRef",
                        "must not be given for an erasure verification: it proves the erasure, not an account"));
            }
            if (recoveryId != null) {
                errors.add(new FieldError("recoveryId", "must not be given for an erasure verification"));
            }
            if (erasureId == null) {
                errors.add(new FieldError("erasureId",
                        "is required for an erasure verification: the erasure it allows (DELETE /v1/me)"));
            }
        } else if (purpose == Purpose.TRANSFER) {
            if (accountRef != null) {
                errors.add(new FieldError("accountRef",
                        "must not be given for a transfer verification: it proves the transfer, not an account"));
            }
            if (recoveryId != null) {
                errors.add(new FieldError("recoveryId", "must not be given for a transfer verification"));
            }
            if (transferId == null) {
                errors.add(new FieldError("transferId",
                        "is required for a transfer verification: the backup transfer it allows"));
            }
        } else if (purpose == Purpose.KEY_RELEASE) {
            if (accountRef != null) {
                errors.add(new FieldError("accountRef",
                        "must not be given for a key-release verification: it proves the recovery, not an account"));
            }
            if (recoveryId == null) {
                errors.add(new FieldError("recoveryId",
                        "is required for a key-release verification: the recovery whose backup key is to be released"));
            }
        } else if (accountRef == null || accountRef.isBlank()) {
            errors.add(new FieldError("accountRef", "is required: the account to verify on the device"));
        }
        if (!errors.isEmpty()) {
            throw VerificationProblems.invalidRequest(errors);
        }
    }

    private static String mask(Channel channel, String destination) {
        return channel == Channel.EMAIL ? DestinationMask.email(destination) : DestinationMask.phone(destination);
    }

    /** On a schedule: marks verifications whose code expired unused, so that others hear of it (VerificationExpired). */
    @Scheduled(every = "${authcloud.verification.expiry-sweep:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepOnSchedule() {
        return ScheduledRuns.untilTheNextRun("The verification expiry sweep", expireDue());
    }
}
