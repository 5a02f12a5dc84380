package io.authcloud.recovery.domain.saga;

import io.authcloud.platform.scheduling.ScheduledRuns;
import io.authcloud.recovery.config.RecoveryConfig;
import io.authcloud.recovery.domain.catalogue.BackupCatalogue;
import io.authcloud.recovery.domain.catalogue.CatalogueEntry;
import io.authcloud.recovery.domain.devices.PersonDevices;
import io.authcloud.recovery.domain.release.RecoveryApproval;
import io.authcloud.recovery.events.RecoveryEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The recovery saga: a session starts only when there is a backup to recover and the phone is empty;
 * it follows each declared account through verification and credential issuance (from events, in any
 * order, each at most once) and completes when every account has its credential, or expires.
 */
@ApplicationScoped
public class RecoveryService {

    /** A started session, and whether this request started it (or found it open already). */
    public record Started(RecoverySession session, boolean created) {
    }

    /** A session with its accounts. */
    public record View(RecoverySession session, List<RecoveryAccount> accounts) {
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final BackupCatalogue catalogue;
    private final PersonDevices devices;
    private final RecoveryEvents events;
    private final RecoveryConfig config;
    private final Clock clock;

    public RecoveryService(BackupCatalogue catalogue, PersonDevices devices, RecoveryEvents events, RecoveryConfig config,
            Clock clock) {
        this.catalogue = catalogue;
        this.devices = devices;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts a recovery on a new phone, or answers the device's open recovery of the same backup. The phone
     * must be empty (checked on every start), may not be recovering another backup, and may not be a phone
     * that already holds the person's credentials: a recovery names a new phone, never the person's own.
     */
    public Uni<Started> start(String owner, String provider, String storageAccount, String deviceId, String platform,
            int existingAccountCount, String devicePublicKey) {
        if (existingAccountCount > 0) {
            return Uni.createFrom().failure(RecoveryProblems.existingAccounts(existingAccountCount));
        }
        return openSession(owner, deviceId).flatMap(open -> {
            if (open != null) {
                return answerOpen(owner, open, provider, storageAccount);
            }
            return Panache.withSession(() -> devices.inUse(owner, deviceId)).flatMap(inUse -> {
                if (inUse) {
                    throw RecoveryProblems.deviceInUse(deviceId);
                }
                return catalogue.backupsOf(owner)
                        .map(backups -> chooseBackup(backups, provider, storageAccount, platform))
                        .flatMap(backup -> create(owner, deviceId, platform, devicePublicKey, backup))
                        // Two starts on one phone at once: the other one's recovery is this phone's open one.
                        .onFailure(RecoveryService::isUniqueViolation)
                        .recoverWithUni(() -> openSession(owner, deviceId)
                                .flatMap(existing -> answerOpen(owner, existing, provider, storageAccount)));
            });
        });
    }

    /**
     * The device's open recovery, answered again when it is for the same backup (and that backup is still
     * there); a start for another backup is told of it instead.
     */
    private Uni<Started> answerOpen(String owner, RecoverySession open, String provider, String storageAccount) {
        if (!open.provider.equals(provider) || !open.storageAccount.equals(storageAccount)) {
            return Uni.createFrom().failure(RecoveryProblems.inProgress(open));
        }
        return catalogue.backupsOf(owner)
                .map(backups -> chooseBackup(backups, open.provider, open.storageAccount, open.platform))
                .replaceWith(new Started(open, false));
    }

    /** Cancels an open recovery of its owner; cancelling a cancelled one changes nothing. */
    @WithTransaction
    public Uni<Void> cancel(String owner, UUID id) {
        return owned(owner, id, true).flatMap(session -> {
            if (RecoverySession.Status.CANCELLED == session.status) {
                return Uni.createFrom().voidItem();
            }
            if (!session.isOpen()) {
                throw RecoveryProblems.closed(session);
            }
            return cancelLocked(session, "cancelled by the owner");
        });
    }

    /**
     * The person reported "this wasn't me": every open recovery of theirs is cancelled (in the consumer's
     * transaction), so no key leaves after it, whatever device or recovery the report named.
     */
    @WithTransaction
    public Uni<Integer> cancelAllOpen(String owner, String reason) {
        return RecoverySession.<RecoverySession>find("owner = ?1 and status = ?2", owner, RecoverySession.Status.OPEN)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .flatMap(open -> Multi.createFrom().iterable(open)
                        .onItem().transformToUniAndConcatenate(session -> cancelLocked(session, reason))
                        .collect().asList().map(List::size));
    }

    private Uni<Void> cancelLocked(RecoverySession session, String reason) {
        session.status = RecoverySession.Status.CANCELLED;
        session.completedAt = clock.instant();
        session.cancelReason = reason;
        Log.infof("Recovery %s of %s cancelled: %s", session.id, session.owner, reason);
        return RecoveryApproval.update("state = ?1 where recoveryId = ?2 and state = ?3", RecoveryApproval.State.CANCELLED,
                        session.id, RecoveryApproval.State.PENDING)
                .chain(() -> events.cancelled(session)).replaceWithVoid();
    }

    /** The person's open recoveries, oldest first. */
    @WithSession
    public Uni<List<RecoverySession>> openRecoveriesOf(String owner) {
        return RecoverySession.list("owner = ?1 and status = ?2 order by createdAt", owner, RecoverySession.Status.OPEN);
    }

    @WithSession
    public Uni<View> find(String owner, UUID id) {
        return owned(owner, id, false).flatMap(this::view);
    }

    /** Declares the push-enabled accounts the app restored; the set replaces any earlier declaration. */
    public Uni<View> declareAccounts(String owner, UUID id, List<DeclaredAccount> accounts) {
        Instant now = clock.instant();
        Set<String> refs = accounts.stream().map(DeclaredAccount::accountRef).collect(Collectors.toSet());
        return Panache.withTransaction(() -> owned(owner, id, true).flatMap(session -> {
                    if (!session.isOpen()) {
                        throw RecoveryProblems.closed(session);
                    }
                    session.accountsDeclared = true;
                    return RecoveryAccount.<RecoveryAccount>list("recoveryId", id).flatMap(known -> {
                        known.stream().filter(row -> !refs.contains(row.accountRef)).forEach(row -> row.declared = false);
                        return Multi.createFrom().iterable(accounts).onItem().transformToUniAndConcatenate(declared -> {
                            Optional<RecoveryAccount> existing = known.stream()
                                    .filter(row -> row.accountRef.equals(declared.accountRef())).findFirst();
                            RecoveryAccount row = existing.orElseGet(() -> newAccount(id, declared.accountRef(), now));
                            row.declared = true;
                            row.kind = declared.kind();
                            row.tenant = declared.tenant();
                            row.updatedAt = now;
                            Proof proof = row.proof();
                            if (proof != null && !row.fits(proof)) {
                                // Events that came before the declaration proved something else.
                                Log.infof("Recovery %s: the %s proof of %s does not fit a %s account; verify again",
                                        id, proof.kind(), row.accountRef, row.kind);
                                row.resetProof();
                            }
                            return existing.isPresent() ? Uni.createFrom().item(row) : row.persist().replaceWith(row);
                        }).collect().asList();
                    }).call(() -> Panache.flush()).call(() -> completeIfDone(session)).replaceWith(session);
                }).flatMap(this::view))
                .invoke(view -> Log.infof("Recovery %s: %d push-enabled accounts declared", id, accounts.size()));
    }

    /** A VerificationSucceeded: the account is verified on the device (in the consumer's transaction). */
    public Uni<Void> verified(String owner, UUID recoveryId, String deviceId, String accountRef, UUID verificationId,
            Proof proof) {
        return sessionsFor(owner, recoveryId, deviceId).flatMap(sessions -> Multi.createFrom().iterable(sessions)
                .onItem().transformToUniAndConcatenate(session -> advance(session, accountRef, RecoveryAccount.State.VERIFIED,
                        verificationId, null, proof))
                .collect().asList().replaceWithVoid());
    }

    /** A PushCredentialIssued: the account has its credential; the session may be complete. */
    @WithTransaction
    public Uni<Void> credentialIssued(String owner, UUID recoveryId, String deviceId, String accountRef,
            UUID verificationId, UUID credentialId, Proof proof) {
        return sessionsFor(owner, recoveryId, deviceId).flatMap(sessions -> Multi.createFrom().iterable(sessions)
                .onItem().transformToUniAndConcatenate(session -> advance(session, accountRef,
                                RecoveryAccount.State.CREDENTIAL_ISSUED, verificationId, credentialId, proof)
                        .call(() -> Panache.flush())
                        .call(() -> completeIfDone(session)))
                .collect().asList().replaceWithVoid());
    }

    /** Expires the sessions left open past their validity; answers how many. */
    public Uni<Integer> expireDue() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> RecoverySession.<RecoverySession>find("status = ?1 and expiresAt <= ?2",
                        RecoverySession.Status.OPEN, now).withLock(LockModeType.PESSIMISTIC_WRITE).page(0, 100).list()
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(session -> expire(session, now).replaceWith(session))
                        .collect().asList().map(List::size)));
    }

    private CatalogueEntry chooseBackup(List<CatalogueEntry> backups, String provider, String storageAccount, String platform) {
        Optional<CatalogueEntry> here = backups.stream()
                .filter(b -> b.provider.equals(provider) && b.storageAccount.equals(storageAccount) && !b.purged)
                .findFirst();
        if (here.isPresent() && here.get().isLive()) {
            return here.get();
        }
        if (here.isPresent() && here.get().isDeleted()) {
            throw RecoveryProblems.deleted(provider, here.get().deletedAt, here.get().restoreDeadline);
        }
        Optional<CatalogueEntry> elsewhere = backups.stream()
                .filter(b -> b.isLive() && !b.provider.equals(provider)).findFirst();
        if (elsewhere.isPresent()) {
            throw RecoveryProblems.onOtherPlatform(provider, elsewhere.get().provider, elsewhere.get().storageAccount, platform);
        }
        throw RecoveryProblems.notFound(provider, storageAccount);
    }

    private Uni<Started> create(String owner, String deviceId, String platform, String devicePublicKey,
            CatalogueEntry backup) {
        Instant now = clock.instant();
        RecoverySession session = new RecoverySession();
        session.id = UUID.randomUUID();
        session.owner = owner;
        session.deviceId = deviceId;
        session.platform = platform;
        session.devicePublicKey = devicePublicKey;
        session.provider = backup.provider;
        session.storageAccount = backup.storageAccount;
        session.backupVersion = backup.version;
        session.backupSize = backup.sizeBytes;
        session.backupUpdatedAt = backup.updatedAt;
        session.backupDeviceId = backup.deviceId;
        session.keyId = backup.keyId;
        session.status = RecoverySession.Status.OPEN;
        session.createdAt = now;
        session.expiresAt = now.plus(config.sessionValidity());
        return Panache.withTransaction(() -> session.persist().call(() -> events.started(session)))
                .invoke(() -> Log.infof("Recovery %s started by %s on device %s for %s/%s version %d", session.id, owner,
                        deviceId, backup.provider, backup.storageAccount, backup.version))
                .replaceWith(new Started(session, true));
    }

    /**
     * The device's open session, if it is still valid. One whose time is up but which the sweep has not
     * reached yet is expired here (with its event), so that the device can start afresh.
     */
    private Uni<RecoverySession> openSession(String owner, String deviceId) {
        return Panache.withTransaction(() -> RecoverySession.<RecoverySession>find("owner = ?1 and deviceId = ?2 and status = ?3",
                        owner, deviceId, RecoverySession.Status.OPEN).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(open -> open == null || isCurrent(open) ? Uni.createFrom().item(open)
                        : expire(open, clock.instant()).replaceWith((RecoverySession) null)));
    }

    private boolean isCurrent(RecoverySession session) {
        return clock.instant().isBefore(session.expiresAt);
    }

    private Uni<Void> expire(RecoverySession session, Instant now) {
        session.status = RecoverySession.Status.EXPIRED;
        session.completedAt = now;
        Log.infof("Recovery %s of %s expired unfinished", session.id, session.owner);
        return events.expired(session).replaceWithVoid();
    }

    /** The owner's session (locked for update when asked); someone else's is not found. */
    @WithSession
    public Uni<RecoverySession> owned(String owner, UUID id, boolean lock) {
        Uni<RecoverySession> found = lock ? RecoverySession.findById(id, LockModeType.PESSIMISTIC_WRITE) : RecoverySession.findById(id);
        return found.map(session -> {
            if (session == null || !session.owner.equals(owner)) {
                throw RecoveryProblems.recoveryNotFound();
            }
            if (session.isOpen() && !clock.instant().isBefore(session.expiresAt)) {
                // The sweep has not run yet: answer as it will leave it.
                session.status = RecoverySession.Status.EXPIRED;
            }
            return session;
        });
    }

    private Uni<View> view(RecoverySession session) {
        return RecoveryAccount.<RecoveryAccount>list("recoveryId = ?1 and declared = true", Sort.by("accountRef"), session.id)
                .map(accounts -> new View(session, accounts));
    }

    /** The open, unexpired sessions an event of this person and device (or of this recovery) belongs to. */
    private Uni<List<RecoverySession>> sessionsFor(String owner, UUID recoveryId, String deviceId) {
        if (recoveryId != null) {
            return RecoverySession.<RecoverySession>findById(recoveryId, LockModeType.PESSIMISTIC_WRITE)
                    .map(session -> session != null && session.owner.equals(owner) && session.isOpen() && isCurrent(session)
                            ? List.of(session) : List.of());
        }
        return RecoverySession.<RecoverySession>find("owner = ?1 and deviceId = ?2 and status = ?3 and expiresAt > ?4", owner,
                deviceId, RecoverySession.Status.OPEN, clock.instant()).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Moves an account forward (never back), creating it undeclared when the event came first. A proof that
     * does not fit the declared account (an emailed code for a work account, another tenant's activation
     * code) moves nothing.
     */
    private Uni<Void> advance(RecoverySession session, String accountRef, RecoveryAccount.State state, UUID verificationId, UUID credentialId,
            Proof proof) {
        Instant now = clock.instant();
        return RecoveryAccount.<RecoveryAccount>findById(new RecoveryAccount.Key(session.id, accountRef), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(row -> {
                    RecoveryAccount account = row != null ? row : newAccount(session.id, accountRef, now);
                    if (!account.fits(proof)) {
                        Log.infof("Recovery %s: a %s proof does not verify the %s account %s", session.id, proof.kind(),
                                account.kind, accountRef);
                        return Uni.createFrom().voidItem();
                    }
                    if (RecoveryAccount.rank(state) > RecoveryAccount.rank(account.state)) {
                        account.state = state;
                        account.proofKind = proof.kind();
                        account.proofTenant = proof.tenant();
                        account.updatedAt = now;
                        Log.infof("Recovery %s: account %s %s", session.id, accountRef, state);
                    }
                    if (verificationId != null && account.verificationId == null) {
                        account.verificationId = verificationId;
                    }
                    if (credentialId != null) {
                        account.credentialId = credentialId;
                    }
                    return row != null ? Uni.createFrom().voidItem() : account.persist().replaceWithVoid();
                });
    }

    private Uni<Void> completeIfDone(RecoverySession session) {
        if (!session.isOpen() || !session.accountsDeclared) {
            return Uni.createFrom().voidItem();
        }
        return RecoveryAccount.<RecoveryAccount>list("recoveryId = ?1 and declared = true", session.id).flatMap(accounts -> {
            if (!accounts.stream().allMatch(a -> RecoveryAccount.State.CREDENTIAL_ISSUED == a.state)) {
                return Uni.createFrom().voidItem();
            }
            session.status = RecoverySession.Status.COMPLETED;
            session.completedAt = clock.instant();
            Log.infof("Recovery %s of %s completed with %d push-enabled accounts", session.id, session.owner, accounts.size());
            return events.completed(session, accounts.size()).replaceWithVoid();
        });
    }

    private static RecoveryAccount newAccount(UUID recoveryId, String accountRef, Instant now) {
        RecoveryAccount account = new RecoveryAccount();
        account.recoveryId = recoveryId;
        account.accountRef = accountRef;
        account.declared = false;
        account.state = RecoveryAccount.State.VERIFICATION_REQUIRED;
        account.updatedAt = now;
        return account;
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    || cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** On a schedule: ends recoveries left open past their 24 hours (RecoveryExpired). */
    @Scheduled(every = "${authcloud.recovery.expiry-sweep:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepOnSchedule() {
        return ScheduledRuns.untilTheNextRun("The recovery expiry sweep", expireDue());
    }
}
