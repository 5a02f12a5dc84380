package io.authcloud.verification.domain.qr;

import io.authcloud.platform.directory.DirectoryUser;
import io.authcloud.platform.directory.KeycloakDirectory;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.authcloud.verification.config.VerificationConfig;
import io.authcloud.verification.domain.Caller;
import io.authcloud.verification.domain.Method;
import io.authcloud.verification.domain.Purpose;
import io.authcloud.verification.domain.RateLimits;
import io.authcloud.verification.domain.Secrets;
import io.authcloud.verification.domain.Verification;
import io.authcloud.verification.domain.VerificationProblems;
import io.authcloud.verification.domain.VerificationStatus;
import io.authcloud.verification.events.VerificationEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * QR activation for work and school accounts: a tenant admin issues a single-use code for one user of
 * the tenant and one account; that user redeems it on the new phone within 15 minutes.
 */
@ApplicationScoped
public class QrActivationService {

    private static final String CODE_CONTEXT = "activation";
    /** The account reference of a person's own account, never a work or school one. */
    private static final String PERSONAL = "personal";

    /** An issued activation with its code in clear: shown once to the admin, never stored so. */
    public record Issued(QrActivation activation, String code) {
    }

    private final KeycloakDirectory directory;
    private final Secrets secrets;
    private final RateLimits rateLimits;
    private final VerificationEvents events;
    private final VerificationConfig config;
    private final Clock clock;

    public QrActivationService(KeycloakDirectory directory, Secrets secrets, RateLimits rateLimits,
            VerificationEvents events, VerificationConfig config, Clock clock) {
        this.directory = directory;
        this.secrets = secrets;
        this.rateLimits = rateLimits;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Issues a code for a work or school account of a user of the admin's own tenant. Any other user, and
     * any account that is the person's own (named {@code personal}, or one they have verified by a code by
     * email or SMS), is refused with the same answer, so the admin learns nothing about either.
     */
    public Uni<Issued> issue(Caller admin, String username, String sub, String accountRef) {
        if (admin.tenant() == null || admin.tenant().isBlank()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.FORBIDDEN,
                    "Your account is not the admin of any tenant."));
        }
        Uni<Optional<DirectoryUser>> user = sub != null ? directory.bySub(sub) : directory.byUsername(username);
        return user.flatMap(found -> {
            DirectoryUser target = found.filter(u -> u.enabled() && u.tenants().contains(admin.tenant()))
                    .orElseThrow(() -> notForThisAdmin(admin));
            return Panache.withTransaction(() -> personalAccount(target.id(), accountRef).flatMap(personal -> {
                if (personal) {
                    Log.infof("Activation refused to %s for %s (tenant %s): a personal account", admin.sub(),
                            target.id(), admin.tenant());
                    throw notForThisAdmin(admin);
                }
                return newActivation(admin, target, accountRef);
            }));
        });
    }

    /** One answer for every refusal of an admin's request, whatever the reason. */
    private static ProblemException notForThisAdmin(Caller admin) {
        return new ProblemException(ProblemType.FORBIDDEN, "You can issue activation codes only for work or school"
                + " accounts of users of your tenant (" + admin.tenant() + "), and this is not one of them.");
    }

    /**
     * Whether the account is the person's own rather than their organisation's: named {@code personal}, or
     * proven by a code to their own email or phone at any time (whatever came of that verification). Case
     * is ignored: {@code my-account} is the same account as the {@code My-Account} the person verified.
     */
    private static Uni<Boolean> personalAccount(String personSub, String accountRef) {
        if (PERSONAL.equalsIgnoreCase(accountRef)) {
            return Uni.createFrom().item(true);
        }
        return Verification.count("owner = ?1 and purpose = ?2 and method in (?3) and lower(accountRef) = lower(?4)",
                        personSub, Purpose.ACCOUNT, List.of(Method.EMAIL, Method.SMS), accountRef)
                .map(count -> count > 0);
    }

    private Uni<Issued> newActivation(Caller admin, DirectoryUser target, String accountRef) {
        String code = ActivationCodes.format(secrets.randomBytes(ActivationCodes.RANDOM_BYTES));
        Instant now = clock.instant();
        QrActivation activation = new QrActivation();
        activation.id = UUID.randomUUID();
        activation.tenant = admin.tenant();
        activation.targetSub = target.id();
        activation.targetUsername = target.username();
        activation.accountRef = accountRef;
        activation.codeHash = secrets.hash(CODE_CONTEXT, ActivationCodes.normalize(code));
        activation.codeEncrypted = secrets.encrypt(code);
        activation.url = config.qr().activationUrl();
        activation.issuedBy = admin.sub();
        activation.createdAt = now;
        activation.expiresAt = now.plus(config.qr().validity());
        return activation.persist()
                .invoke(() -> Log.infof("Activation %s issued by %s for %s (tenant %s, account %s)", activation.id,
                        admin.sub(), target.id(), admin.tenant(), accountRef))
                .replaceWith(new Issued(activation, code));
    }

    /**
     * The QR image of an activation of the admin's tenant that can still be redeemed. The PNG is drawn on a
     * worker thread: image encoding must not hold an event-loop thread.
     */
    public Uni<byte[]> image(Caller admin, UUID id) {
        return Panache.withSession(() -> QrActivation.<QrActivation>findById(id)).map(activation -> {
            if (activation == null || !activation.tenant.equals(admin.tenant())) {
                throw new ProblemException(ProblemType.NOT_FOUND, "There is no activation with this id in your tenant.");
            }
            if (activation.redeemedAt != null || !clock.instant().isBefore(activation.expiresAt)) {
                throw VerificationProblems.activationCodeInvalid("This activation code was already used or has expired.");
            }
            return QrImages.payload(secrets.decrypt(activation.codeEncrypted), activation.url);
        }).emitOn(Infrastructure.getDefaultWorkerPool()).map(QrImages::png);
    }

    /**
     * Redeems a code on the user's new phone: the code must be the caller's, for this account, from this
     * URL, unexpired and unused. Of concurrent redemptions exactly one wins (a conditional update).
     */
    public Uni<Verification> redeem(Caller caller, String code, String url, String accountRef, String deviceId) {
        String hash = secrets.hash(CODE_CONTEXT, ActivationCodes.normalize(code));
        Instant now = clock.instant();
        return rateLimits.takeFailure(caller.sub())
                .chain(() -> Panache.withTransaction(() -> QrActivation.<QrActivation>find("codeHash", hash).firstResult()
                        .flatMap(activation -> {
                            String refusal = refusal(activation, caller, url, accountRef, now);
                            if (refusal != null) {
                                return Uni.createFrom().item((Verification) null).invoke(() -> Log.infof(
                                        "Activation code refused for %s: %s", caller.sub(), refusal));
                            }
                            Verification verification = verified(caller, activation, deviceId, now);
                            return QrActivation.update("redeemedAt = ?1, verificationId = ?2 where id = ?3 and redeemedAt is null",
                                            now, verification.id, activation.id)
                                    .flatMap(updated -> updated == 1
                                            ? verification.persist().chain(() -> events.succeeded(verification)).replaceWith(verification)
                                            : Uni.createFrom().item((Verification) null));
                        })))
                .flatMap(verification -> verification != null
                        ? rateLimits.releaseFailure(caller.sub()).replaceWith(verification).invoke(v -> Log.infof(
                                "Verification %s of %s succeeded by activation code for account %s on device %s",
                                v.id, v.owner, v.accountRef, v.deviceId))
                        : refuse(caller, accountRef, deviceId, now));
    }

    private Uni<Verification> refuse(Caller caller, String accountRef, String deviceId, Instant now) {
        // The wrong-code slot taken before the lookup is kept: a refused code counts as a failure.
        return Panache.withTransaction(() -> events.activationRefused(caller.sub(), accountRef, deviceId, now))
                .map(ignored -> {
                    throw VerificationProblems.activationCodeInvalid(
                            "This activation code is not valid for you and this account, has expired, or was already used.");
                });
    }

    private static String refusal(QrActivation activation, Caller caller, String url, String accountRef, Instant now) {
        if (activation == null) {
            return "unknown code";
        }
        if (!activation.targetSub.equals(caller.sub())) {
            return "issued for another user";
        }
        if (caller.tenant() != null && !caller.tenant().equals(activation.tenant)) {
            return "issued by another tenant";
        }
        if (!activation.url.equals(url)) {
            return "issued for another URL";
        }
        if (!activation.accountRef.equals(accountRef)) {
            return "issued for another account";
        }
        if (!now.isBefore(activation.expiresAt)) {
            return "expired";
        }
        if (activation.redeemedAt != null) {
            return "already used";
        }
        return null;
    }

    private static Verification verified(Caller caller, QrActivation activation, String deviceId, Instant now) {
        Verification verification = new Verification();
        verification.id = UUID.randomUUID();
        verification.owner = caller.sub();
        verification.purpose = Purpose.ACCOUNT;
        verification.accountRef = activation.accountRef;
        verification.deviceId = deviceId;
        verification.method = Method.QR;
        verification.tenant = activation.tenant;
        verification.status = VerificationStatus.VERIFIED;
        verification.createdAt = now;
        verification.expiresAt = activation.expiresAt;
        verification.completedAt = now;
        return verification;
    }
}
