package io.authcloud.notification.signin;

import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.notification.credentials.DevicePublicKeys;
import io.authcloud.notification.credentials.PushCredential;
import io.authcloud.notification.devices.Device;
import io.authcloud.notification.push.PushDispatcher;
import io.authcloud.notification.push.PushMessage;
import io.authcloud.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Push sign-in approval with number matching: the relying party shows a two-digit number, every phone
 * holding a credential for the account gets a push with a random challenge, and one of them answers
 * with the number, approve or deny, and its signature of the challenge. Every answer is audited.
 */
@ApplicationScoped
public class SignInService {

    private static final SecureRandom RANDOM = new SecureRandom();


    private final PushDispatcher push;
    private final io.authcloud.notification.directory.UserDirectory directory;
    private final NotificationConfig config;
    private final Clock clock;

    public SignInService(PushDispatcher push, io.authcloud.notification.directory.UserDirectory directory,
            NotificationConfig config, Clock clock) {
        this.push = push;
        this.directory = directory;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates a request and pushes its challenge to every device holding a credential for the account of
     * the person the username names now.
     */
    public Uni<SignInRequest> create(String username, String accountRef, String tenant, String application) {
        Instant now = clock.instant();
        return directory.subOf(username).flatMap(sub -> Panache.withTransaction(() -> reachable(sub.orElse(""), accountRef, tenant)
                .flatMap(credentials -> {
                    if (credentials.isEmpty()) {
                        throw SignInProblems.noDevice();
                    }
                    SignInRequest request = new SignInRequest();
                    request.id = UUID.randomUUID();
                    request.owner = credentials.get(0).owner;
                    request.username = username;
                    request.accountRef = accountRef;
                    request.tenant = tenant;
                    request.application = application;
                    request.number = 10 + RANDOM.nextInt(90);
                    byte[] challenge = new byte[32];
                    RANDOM.nextBytes(challenge);
                    request.challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(challenge);
                    request.status = SignInRequest.PENDING;
                    request.createdAt = now;
                    request.expiresAt = now.plus(config.signInValidity());
                    List<String> devices = credentials.stream().map(c -> c.deviceId).distinct().toList();
                    return request.persist()
                            .chain(() -> Multi.createFrom().iterable(devices)
                                    .onItem().transformToUniAndConcatenate(deviceId ->
                                            Device.<Device>findById(new Device.Key(request.owner, deviceId)))
                                    .filter(device -> device != null)
                                    .collect().asList())
                            .map(reachable -> new Created(request, reachable));
                })))
                // Pushed once the request is committed (a phone answering at once finds it), each phone
                // on its own: one unreachable phone neither fails the request nor silences the others.
                .call(created -> pushAll(created))
                .map(Created::request)
                .invoke(request -> Log.infof("Sign-in request %s for %s (account %s, %s)", request.id, request.owner,
                        accountRef, application));
    }

    private record Created(SignInRequest request, List<Device> reachable) {
    }

    private Uni<Void> pushAll(Created created) {
        if (created.reachable().isEmpty()) {
            Log.warnf("Sign-in request %s: no registered device to push to", created.request().id);
            return Uni.createFrom().voidItem();
        }
        PushMessage message = message(created.request());
        // One after the other (the local inbox shares the request's database session), each on its own.
        return Multi.createFrom().iterable(created.reachable())
                .onItem().transformToUniAndConcatenate(device -> push.push(device, message)
                        .onFailure().invoke(failure -> Log.warnf("Sign-in request %s: push to device %s failed: %s",
                                created.request().id, device.deviceId, failure.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }

    /**
     * The active credentials a request may reach. A request naming a tenant reaches only credentials that
     * tenant's activation code proved. One naming none reaches the account's work credentials when it
     * has any (it is a tenant's account: a code by email gives no say over it), else its personal ones.
     */
    private static Uni<List<PushCredential>> reachable(String owner, String accountRef, String tenant) {
        if (tenant != null) {
            return PushCredential.list("owner = ?1 and accountRef = ?2 and status = 'ACTIVE' and kind = 'work' and tenant = ?3",
                    owner, accountRef, tenant);
        }
        return PushCredential.<PushCredential>list("owner = ?1 and accountRef = ?2 and status = 'ACTIVE'", owner, accountRef)
                .map(all -> {
                    List<PushCredential> work = all.stream().filter(c -> "work".equals(c.kind)).toList();
                    return work.isEmpty() ? all : work;
                });
    }

    /** The request as the relying party follows it; a request past its expiry reads EXPIRED. */
    public Uni<SignInRequest> find(UUID id) {
        return Panache.withTransaction(() -> SignInRequest.<SignInRequest>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .invoke(request -> {
                    if (request == null) {
                        throw SignInProblems.notFound();
                    }
                    expireIfDue(request);
                }));
    }

    /**
     * A device's answer. Refused answers are audited and change the request only when they show an
     * attack: a wrong number denies the sign-in. The problem is answered after the audit is committed.
     */
    public Uni<SignInRequest> respond(String owner, UUID id, String deviceId, int number, boolean approve, String signature) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> SignInRequest.<SignInRequest>findById(id, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(request -> {
                            if (request == null || !request.owner.equals(owner)) {
                                return Uni.createFrom().item(Outcome.refused(null, SignInProblems.notFound()));
                            }
                            if (expireIfDue(request) || SignInRequest.EXPIRED.equals(request.status)) {
                                return audit(request, deviceId, "REFUSED", "expired", now)
                                        .replaceWith(Outcome.refused(request, SignInProblems.expired()));
                            }
                            if (!SignInRequest.PENDING.equals(request.status)) {
                                return audit(request, deviceId, "REFUSED", "already answered (replay)", now)
                                        .replaceWith(Outcome.refused(request, SignInProblems.alreadyAnswered()));
                            }
                            return reachable(owner, request.accountRef, request.tenant)
                                    .map(credentials -> credentials.stream()
                                            .filter(held -> held.deviceId.equals(deviceId)).findFirst().orElse(null)).flatMap(credential -> {
                                if (credential == null) {
                                    return audit(request, deviceId, "REFUSED", "device holds no credential", now)
                                            .replaceWith(Outcome.refused(request, SignInProblems.deviceWithoutCredential()));
                                }
                                if (!DevicePublicKeys.verifies(DevicePublicKeys.publicKey(credential.publicKeyJwk),
                                        request.challenge, signature)) {
                                    return audit(request, deviceId, "REFUSED", "bad signature", now)
                                            .replaceWith(Outcome.refused(request, SignInProblems.signatureInvalid()));
                                }
                                request.answeredAt = now;
                                request.deviceId = deviceId;
                                if (number != request.number) {
                                    request.status = SignInRequest.DENIED;
                                    return audit(request, deviceId, "DENIED", "wrong number", now)
                                            .replaceWith(Outcome.refused(request, SignInProblems.numberMismatch()));
                                }
                                request.status = approve ? SignInRequest.APPROVED : SignInRequest.DENIED;
                                return audit(request, deviceId, request.status, approve ? "approved" : "denied by the person", now)
                                        .replaceWith(Outcome.accepted(request));
                            });
                        }))
                .map(outcome -> {
                    if (outcome.problem() != null) {
                        throw outcome.problem();
                    }
                    Log.infof("Sign-in request %s %s on device %s", id, outcome.request().status, deviceId);
                    return outcome.request();
                });
    }

    private boolean expireIfDue(SignInRequest request) {
        if (SignInRequest.PENDING.equals(request.status) && !clock.instant().isBefore(request.expiresAt)) {
            request.status = SignInRequest.EXPIRED;
            return true;
        }
        return false;
    }

    private static Uni<Void> audit(SignInRequest request, String deviceId, String outcome, String reason, Instant at) {
        SignInAudit audit = new SignInAudit();
        audit.id = UUID.randomUUID();
        audit.requestId = request.id;
        audit.owner = request.owner;
        audit.deviceId = deviceId;
        audit.outcome = outcome;
        audit.reason = reason;
        audit.at = at;
        if (!"APPROVED".equals(outcome) && !"DENIED".equals(outcome) || "wrong number".equals(reason)) {
            Log.warnf("Sign-in request %s: answer from device %s refused or denied: %s", request.id, deviceId, reason);
        }
        return audit.persist().replaceWithVoid();
    }

    private static PushMessage message(SignInRequest request) {
        return new PushMessage("sign-in-request", "Are you trying to sign in?",
                "Sign-in to " + request.application + ". Enter the number shown on the sign-in page.",
                Map.of("type", "sign-in-request", "requestId", request.id.toString(), "challenge", request.challenge,
                        "application", request.application, "accountRef", request.accountRef,
                        "expiresAt", request.expiresAt.toString()));
    }

    /** What an answer led to: the request, and the problem to answer with when it was refused. */
    private record Outcome(SignInRequest request, ProblemException problem) {
        static Outcome accepted(SignInRequest request) {
            return new Outcome(request, null);
        }

        static Outcome refused(SignInRequest request, ProblemException problem) {
            return new Outcome(request, problem);
        }
    }
}
