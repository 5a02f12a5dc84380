package io.authcloud.recovery.saga;

import io.authcloud.recovery.catalogue.BackupCatalogue;
import io.authcloud.recovery.catalogue.CatalogueEntry;
import io.authcloud.recovery.config.RecoveryConfig;
import io.authcloud.recovery.escrow.KeyEscrow;
import io.authcloud.recovery.events.RecoveryEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
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

    /** A released key. */
    public record ReleasedKey(byte[] key, String keyId) {
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private final BackupCatalogue catalogue;
    private final KeyEscrow escrow;
    private final RecoveryEvents events;
    private final RecoveryConfig config;
    private final Clock clock;

    public RecoveryService(BackupCatalogue catalogue, KeyEscrow escrow, RecoveryEvents events, RecoveryConfig config,
            Clock clock) {
        this.catalogue = catalogue;
        this.escrow = escrow;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts a recovery on a device, or answers the device's open one (the app asks again after a restart,
     * when it may already hold the restored accounts) as long as its backup is still there.
     */
    public Uni<Started> start(String owner, String provider, String storageAccount, String deviceId, String platform,
            int existingAccountCount) {
        return openSession(owner, deviceId).flatMap(open -> {
            if (open != null) {
                return catalogue.backupsOf(owner)
                        .map(backups -> chooseBackup(backups, open.provider, open.storageAccount, open.platform))
                        .replaceWith(new Started(open, false));
            }
            if (existingAccountCount > 0) {
                throw RecoveryProblems.existingAccounts(existingAccountCount);
            }
            return catalogue.backupsOf(owner)
                    .map(backups -> chooseBackup(backups, provider, storageAccount, platform))
                    .flatMap(backup -> create(owner, deviceId, platform, backup))
                    .onFailure(RecoveryService::isUniqueViolation)
                    .recoverWithUni(() -> openSession(owner, deviceId).map(existing -> new Started(existing, false)));
        });
    }

    public Uni<View> find(String owner, UUID id) {
        return Panache.withSession(() -> owned(owner, id, false).flatMap(this::view));
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

    /**
     * Releases the backup key of an open session to its owner, a limited number of times, unless the
     * person failed too many verifications in the last day. The first release of a session is told to the
     * owner (RecoveryKeyReleased, through the outbox): a stolen password must not open a backup silently.
     */
    public Uni<ReleasedKey> releaseKey(String owner, UUID id) {
        Instant since = clock.instant().minus(Duration.ofDays(1));
        return Panache.withTransaction(() -> owned(owner, id, true).flatMap(session -> {
            if (!session.isOpen()) {
                throw RecoveryProblems.closed(session);
            }
            return Panache.getSession().flatMap(db -> db.createNativeQuery(
                                    "SELECT count(*) FROM verification_failure WHERE owner = :owner AND failed_at > :since", Long.class)
                            .setParameter("owner", owner).setParameter("since", since).getSingleResult())
                    .flatMap(failures -> {
                        if (failures >= config.failedVerificationsPerDay()) {
                            throw RecoveryProblems.keyReleaseLocked(failures.intValue());
                        }
                        if (session.keyReleases >= config.maxKeyReleases()) {
                            throw RecoveryProblems.tooManyReleases(config.maxKeyReleases());
                        }
                        return escrow.find(owner, session.provider, session.storageAccount, session.keyId);
                    })
                    .flatMap(escrowed -> {
                        if (escrowed == null) {
                            throw RecoveryProblems.keyNotEscrowed(session.keyId);
                        }
                        session.keyReleases++;
                        Log.infof("Recovery %s: backup key %s released to %s on device %s (release %d of %d)", id,
                                session.keyId, owner, session.deviceId, session.keyReleases, config.maxKeyReleases());
                        ReleasedKey released = new ReleasedKey(escrow.unwrap(escrowed), escrowed.keyId);
                        return session.keyReleases == 1
                                ? events.keyReleased(session, escrowed.keyId, clock.instant()).replaceWith(released)
                                : Uni.createFrom().item(released);
                    });
        }));
    }

    /** A VerificationSucceeded: the account is verified on the device (in the consumer's transaction). */
    public Uni<Void> verified(String owner, UUID recoveryId, String deviceId, String accountRef, UUID verificationId,
            Proof proof) {
        return sessionsFor(owner, recoveryId, deviceId).flatMap(sessions -> Multi.createFrom().iterable(sessions)
                .onItem().transformToUniAndConcatenate(session -> advance(session, accountRef, RecoveryAccount.VERIFIED,
                        verificationId, null, proof))
                .collect().asList().replaceWithVoid());
    }

    /** A PushCredentialIssued: the account has its credential; the session may be complete. */
    public Uni<Void> credentialIssued(String owner, UUID recoveryId, String deviceId, String accountRef,
            UUID verificationId, UUID credentialId, Proof proof) {
        return sessionsFor(owner, recoveryId, deviceId).flatMap(sessions -> Multi.createFrom().iterable(sessions)
                .onItem().transformToUniAndConcatenate(session -> advance(session, accountRef,
                                RecoveryAccount.CREDENTIAL_ISSUED, verificationId, credentialId, proof)
                        .call(() -> Panache.flush())
                        .call(() -> completeIfDone(session)))
                .collect().asList().replaceWithVoid());
    }

    /** Expires the sessions left open past their validity; answers how many. */
    public Uni<Integer> expireDue() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> RecoverySession.<RecoverySession>find("status = ?1 and expiresAt <= ?2",
                        RecoverySession.OPEN, now).withLock(LockModeType.PESSIMISTIC_WRITE).page(0, 100).list()
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
            throw RecoveryProblems.onOtherPlatform(provider, elsewhere.get().provider, platform);
        }
        throw RecoveryProblems.notFound(provider, storageAccount);
    }

    private Uni<Started> create(String owner, String deviceId, String platform, CatalogueEntry backup) {
        Instant now = clock.instant();
        RecoverySession session = new RecoverySession();
        session.id = UUID.randomUUID();
        session.owner = owner;
        session.deviceId = deviceId;
        session.platform = platform;
        session.provider = backup.provider;
        session.storageAccount = backup.storageAccount;
        session.backupVersion = backup.version;
        session.backupSize = backup.sizeBytes;
        session.backupUpdatedAt = backup.updatedAt;
        session.backupDeviceId = backup.deviceId;
        session.keyId = backup.keyId;
        session.status = RecoverySession.OPEN;
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
                        owner, deviceId, RecoverySession.OPEN).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(open -> open == null || isCurrent(open) ? Uni.createFrom().item(open)
                        : expire(open, clock.instant()).replaceWith((RecoverySession) null)));
    }

    private boolean isCurrent(RecoverySession session) {
        return clock.instant().isBefore(session.expiresAt);
    }

    private Uni<Void> expire(RecoverySession session, Instant now) {
        session.status = RecoverySession.EXPIRED;
        session.completedAt = now;
        Log.infof("Recovery %s of %s expired unfinished", session.id, session.owner);
        return events.expired(session).replaceWithVoid();
    }

    private Uni<RecoverySession> owned(String owner, UUID id, boolean lock) {
        Uni<RecoverySession> found = lock ? RecoverySession.findById(id, LockModeType.PESSIMISTIC_WRITE) : RecoverySession.findById(id);
        return found.map(session -> {
            if (session == null || !session.owner.equals(owner)) {
                throw RecoveryProblems.recoveryNotFound();
            }
            if (session.isOpen() && !clock.instant().isBefore(session.expiresAt)) {
                // The sweep has not run yet: answer as it will leave it.
                session.status = RecoverySession.EXPIRED;
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
                deviceId, RecoverySession.OPEN, clock.instant()).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Moves an account forward (never back), creating it undeclared when the event came first. A proof that
     * does not fit the declared account (an emailed code for a work account, another tenant's activation
     * code) moves nothing.
     */
    private Uni<Void> advance(RecoverySession session, String accountRef, String state, UUID verificationId, UUID credentialId,
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
            if (!accounts.stream().allMatch(a -> RecoveryAccount.CREDENTIAL_ISSUED.equals(a.state))) {
                return Uni.createFrom().voidItem();
            }
            session.status = RecoverySession.COMPLETED;
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
        account.state = RecoveryAccount.VERIFICATION_REQUIRED;
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
}
