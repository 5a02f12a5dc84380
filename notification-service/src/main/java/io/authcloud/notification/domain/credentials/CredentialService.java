package io.authcloud.notification.domain.credentials;

import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.notification.domain.devices.Device;
import io.authcloud.notification.domain.devices.DeviceService;
import io.authcloud.notification.domain.notices.SecurityNotice;
import io.authcloud.notification.events.CredentialEvents;
import io.authcloud.notification.events.VerificationSucceeded;
import io.authcloud.platform.accounts.AccountKind;
import io.authcloud.platform.directory.DirectoryUser;
import io.authcloud.platform.directory.KeycloakDirectory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Device-bound push credentials: one per successful verification (a grant), for that account on that
 * device, once; a device-unique TOTP secret for personal accounts; revocation; and code checks across
 * every active device of a person, each code accepted once.
 */
@ApplicationScoped
public class CredentialService {

    /** An issued credential, with the TOTP secret in clear for the one answer that shows it. */
    public record Issued(PushCredential credential, byte[] totpSecret) {
    }

    private final CredentialSecrets secrets;
    private final KeycloakDirectory directory;
    private final DeviceService devices;
    private final CredentialEvents events;
    private final NotificationConfig config;
    private final Clock clock;
    private final ReactiveValueCommands<String, String> values;
    private final CodeFailureLimits limits;
    private final ReactiveKeyCommands<String> keys;

    public CredentialService(CredentialSecrets secrets, KeycloakDirectory directory, DeviceService devices,
            CredentialEvents events, NotificationConfig config, Clock clock, ReactiveRedisDataSource redis,
            CodeFailureLimits limits) {
        this.secrets = secrets;
        this.directory = directory;
        this.devices = devices;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.values = redis.value(String.class);
        this.limits = limits;
        this.keys = redis.key();
    }

    /** Turns a VerificationSucceeded event into a grant, in the consumer's transaction; repeats change nothing. */
    @WithTransaction
    public Uni<Void> recordGrant(VerificationSucceeded verified) {
        return CredentialGrant.<CredentialGrant>findById(verified.verificationId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            CredentialGrant grant = new CredentialGrant();
            grant.verificationId = verified.verificationId();
            grant.owner = verified.owner();
            grant.purpose = verified.purposeOrDefault();
            grant.accountRef = grant.provesNoAccount() ? null : verified.accountRef();
            grant.deviceId = verified.deviceId();
            grant.recoveryId = verified.recoveryId();
            grant.method = verified.method();
            grant.tenant = verified.tenant();
            grant.verifiedAt = verified.verifiedAt();
            grant.expiresAt = verified.verifiedAt().plus(config.grantValidity());
            Log.infof("Grant for verification %s (%s): account %s on device %s of %s", grant.verificationId, grant.purpose,
                    grant.accountRef, grant.deviceId, grant.owner);
            return grant.persist().replaceWithVoid();
        });
    }

    /**
     * Issues the credential a grant allows. The grant's row is locked, so of two concurrent requests with
     * the same verification exactly one issues and the other finds the grant used. An account reference
     * has one kind per person: while active credentials of one kind (personal, or work of one tenant) hold
     * it, a credential of another is refused, and the grant stays unused.
     */
    public Uni<Issued> issue(String owner, String username, UUID verificationId, String accountRef, String deviceId,
            String publicKeyJwk) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> CredentialGrant.<CredentialGrant>findById(verificationId, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(grant -> {
                            if (grant == null) {
                                throw CredentialProblems.pending();
                            }
                            if (!grant.owner.equals(owner)) {
                                throw CredentialProblems.notFound();
                            }
                            if (grant.provesNoAccount()) {
                                throw CredentialProblems.keyReleaseProof();
                            }
                            if (!grant.accountRef.equals(accountRef) || !grant.deviceId.equals(deviceId)) {
                                throw CredentialProblems.otherAccountOrDevice();
                            }
                            if (grant.usedAt != null) {
                                throw CredentialProblems.alreadyUsed();
                            }
                            if (!now.isBefore(grant.expiresAt) || "qr".equals(grant.method) && grant.tenant == null) {
                                // (A QR grant without its tenant was recorded before tenants were: verify again.)
                                throw CredentialProblems.expired();
                            }
                            return disownedNotices(owner, deviceId)
                                    .map(disowned -> {
                                        if (disowned > 0) {
                                            throw CredentialProblems.deviceDisowned();
                                        }
                                        return grant;
                                    });
                        })
                        .call(grant -> oneKindPerAccount(owner, accountRef, grant.accountKind(), grant.tenant))
                        .flatMap(grant -> {
                            PushCredential credential = new PushCredential();
                            credential.id = UUID.randomUUID();
                            credential.owner = owner;
                            credential.username = username;
                            credential.accountRef = accountRef;
                            credential.kind = grant.accountKind();
                            credential.tenant = grant.tenant;
                            credential.deviceId = deviceId;
                            credential.publicKeyJwk = publicKeyJwk;
                            credential.verificationId = verificationId;
                            credential.recoveryId = grant.recoveryId;
                            credential.status = PushCredential.Status.ACTIVE;
                            credential.createdAt = now;
                            byte[] totpSecret = credential.kind == AccountKind.PERSONAL ? secrets.newTotpSecret() : null;
                            if (totpSecret != null) {
                                credential.totpSecretEncrypted = secrets.seal(credential.id, totpSecret);
                            }
                            grant.usedAt = now;
                            grant.credentialId = credential.id;
                            return credential.persist()
                                    .chain(() -> Device.<Device>findById(new Device.Key(owner, deviceId)))
                                    .chain(device -> events.issued(credential, device == null ? null : device.platform))
                                    .replaceWith(new Issued(credential, totpSecret));
                        }))
                .invoke(issued -> Log.infof("Credential %s issued: %s account %s on device %s of %s",
                        issued.credential().id, issued.credential().kind.wire(), accountRef, deviceId, owner));
    }

    /**
     * How many used "this wasn't me" notices bar the device: a notice bars the device it named unless the device
     * held a credential of the person (whatever its status now) from before what the notice reports began
     * (its {@code since}, or its own time). So the person's own phone, named by a thief, stays usable, while a
     * phone that first got a credential during the disowned recovery, or by the disowned credential, gets none.
     */
    private static Uni<Long> disownedNotices(String owner, String deviceId) {
        return SecurityNotice.count("from SecurityNotice n where n.owner = ?1 and n.deviceId = ?2 and n.usedAt is not null"
                + " and not exists (select 1 from PushCredential c where c.owner = n.owner and c.deviceId = n.deviceId"
                + " and c.createdAt < coalesce(n.since, n.createdAt))", owner, deviceId);
    }

    /**
     * Refuses a credential of one kind while the person holds active credentials of another for the same
     * account reference. The person's account is locked first (a transaction-scoped advisory lock), so two
     * grants of different kinds issued at the same moment cannot both pass.
     */
    private Uni<Void> oneKindPerAccount(String owner, String accountRef, AccountKind kind, String tenant) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(hashtextextended(:key, 0))",
                                Long.class)
                        .setParameter("key", "push-credential:" + owner + ":" + accountRef)
                        .getSingleResult())
                .chain(() -> PushCredential.<PushCredential>list("owner = ?1 and accountRef = ?2 and status = ?3",
                        owner, accountRef, PushCredential.Status.ACTIVE))
                .invoke(active -> active.stream()
                        .filter(held -> kind != held.kind || !Objects.equals(tenant, held.tenant))
                        .findFirst()
                        .ifPresent(other -> {
                            throw CredentialProblems.otherKind(other.kind == AccountKind.WORK
                                    ? "an activation code of tenant " + other.tenant : "a code by email or SMS");
                        }))
                .replaceWithVoid();
    }

    @WithSession
    public Uni<List<PushCredential>> list(String owner) {
        return PushCredential.list("owner", Sort.by("deviceId").and("createdAt"), owner);
    }

    /** Revokes one of the owner's credentials; revoking a revoked one changes nothing. */
    @WithTransaction
    public Uni<PushCredential> revoke(String owner, UUID credentialId, String reason) {
        return PushCredential.<PushCredential>findById(credentialId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(credential -> {
                    if (credential == null || !credential.owner.equals(owner)) {
                        throw CredentialProblems.credentialNotFound();
                    }
                    return revokeLocked(credential, reason).replaceWith(credential);
                });
    }

    /** Revokes, in the caller's transaction, the credentials matching a query; answers how many. */
    /**
     * The person removes a device (a lost phone): every credential it holds is revoked and the device is
     * forgotten, in one transaction. False when there was neither.
     */
    @WithTransaction
    public Uni<Boolean> removeDevice(String owner, String deviceId) {
        return revokeWhere("owner = ?1 and deviceId = ?2", "device removed by the owner", owner, deviceId)
                .flatMap(revoked -> devices.remove(owner, deviceId).map(removed -> removed || revoked > 0));
    }

    @WithTransaction
    public Uni<Integer> revokeWhere(String query, String reason, Object... parameters) {
        Object[] activeOnes = Arrays.copyOf(parameters, parameters.length + 1);
        activeOnes[parameters.length] = PushCredential.Status.ACTIVE;
        return PushCredential.<PushCredential>find("(" + query + ") and status = ?" + activeOnes.length, activeOnes)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .flatMap(credentials -> Multi.createFrom().iterable(credentials)
                        .onItem().transformToUniAndConcatenate(credential -> revokeLocked(credential, reason))
                        .filter(Boolean::booleanValue)
                        .collect().asList().map(List::size));
    }

    /**
     * Checks a code against every active personal credential of a person (the username's current
     * {@code sub}): codes of the current, previous and next 30-second step are accepted, each at most once
     * per credential. Wrong codes are limited per person, not per spelling of the name (see
     * {@link CodeFailureLimits}): a locked person is refused before any comparison, a try takes its slots
     * first, and a good code gives them back and ends the run of wrong codes.
     */
    public Uni<PushCredential> verifyCode(String username, String code) {
        return directory.byUsername(username).map(user -> user.map(DirectoryUser::id)).flatMap(sub -> {
            String person = sub.orElse("unknown:" + username.toLowerCase(java.util.Locale.ROOT));
            Uni<Void> unlocked = sub.isEmpty() ? Uni.createFrom().voidItem() : limits.checkNotLocked(sub.get());
            return unlocked.chain(() -> limits.take(person)).flatMap(tries -> (sub.isEmpty()
                            ? Uni.createFrom().item(List.<PushCredential>of())
                            : Panache.withSession(() -> PushCredential.<PushCredential>list(
                                    "owner = ?1 and status = ?2 and totpSecretEncrypted is not null", sub.get(), PushCredential.Status.ACTIVE)))
                    .flatMap(credentials -> acceptFirst(credentials, code, 0))
                    .flatMap(accepted -> {
                        if (accepted.isEmpty()) {
                            Uni<Void> counted = sub.isEmpty() ? Uni.createFrom().voidItem() : limits.failed(sub.get(), tries);
                            return counted.map(ignored -> {
                                throw CredentialProblems.wrongCode(limits.attemptsLeft(tries));
                            });
                        }
                        return limits.succeeded(sub.get(), tries).replaceWith(accepted.get());
                    }));
        });
    }

    private Uni<Optional<PushCredential>> acceptFirst(List<PushCredential> credentials, String code, int index) {
        if (index >= credentials.size()) {
            return Uni.createFrom().item(Optional.empty());
        }
        PushCredential credential = credentials.get(index);
        byte[] secret = secrets.open(credential.id, credential.totpSecretEncrypted);
        long current = Totp.step(clock.instant());
        for (long step = current - 1; step <= current + 1; step++) {
            if (MessageDigest.isEqual(Totp.code(secret, step).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII))) {
                // A code is good once: the first request to mark its step wins, a replay finds it taken.
                String used = "totp-used:" + credential.id + ":" + step;
                return values.setnx(used, "1")
                        .call(first -> first ? keys.expire(used, Duration.ofSeconds(Totp.PERIOD_SECONDS * 4L))
                                : Uni.createFrom().voidItem())
                        .flatMap(first -> first ? Uni.createFrom().item(Optional.of(credential))
                                : acceptFirst(credentials, code, index + 1));
            }
        }
        return acceptFirst(credentials, code, index + 1);
    }

    /** Revokes a locked, active credential with its event; answers whether it was active. */
    private Uni<Boolean> revokeLocked(PushCredential credential, String reason) {
        if (!credential.isActive()) {
            return Uni.createFrom().item(false);
        }
        credential.status = PushCredential.Status.REVOKED;
        credential.revokedAt = clock.instant();
        credential.revokedReason = reason;
        Log.infof("Credential %s of %s revoked: %s", credential.id, credential.owner, reason);
        return events.revoked(credential).replaceWith(true);
    }
}
