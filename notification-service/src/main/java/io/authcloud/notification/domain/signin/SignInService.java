package io.authcloud.notification.domain.signin;

import io.authcloud.notification.clients.push.PushDispatcher;
import io.authcloud.notification.clients.push.PushMessage;
import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.notification.domain.activity.ActivityService;
import io.authcloud.notification.domain.credentials.CodeFailureLimits;
import io.authcloud.notification.domain.credentials.PushCredential;
import io.authcloud.notification.domain.devices.Device;
import io.authcloud.notification.events.CredentialEvents;
import io.authcloud.notification.events.RecoveryApprovalAnswered;
import io.authcloud.notification.events.RecoveryApprovalRequested;
import io.authcloud.platform.accounts.AccountKind;
import io.authcloud.platform.crypto.DevicePublicKeys;
import io.authcloud.platform.directory.DirectoryUser;
import io.authcloud.platform.directory.KeycloakDirectory;
import io.authcloud.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.authcloud.platform.observability.Outcomes;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Push sign-in approval with number matching: the relying party shows a two-digit number, every phone
 * holding a fitting credential for the account gets a push with a random challenge, and one of them
 * answers with the number, approve or deny, and its signature of the challenge. A recovery's approval
 * (the {@code device} second factor) works the same way, with the number shown on the recovering phone
 * and the person's other phones answering. Every answer is audited.
 */
@ApplicationScoped
public class SignInService {

    private static final SecureRandom RANDOM = new SecureRandom();


    private final PushDispatcher push;
    private final KeycloakDirectory directory;
    private final CodeFailureLimits codeLimits;
    private final CredentialEvents events;
    private final ActivityService activity;
    private final NotificationConfig config;
    private final Clock clock;

    private final Outcomes outcomes;

    public SignInService(PushDispatcher push, KeycloakDirectory directory,
            CodeFailureLimits codeLimits, CredentialEvents events, ActivityService activity, NotificationConfig config, Clock clock,
            Outcomes outcomes) {
        this.outcomes = outcomes;
        this.push = push;
        this.directory = directory;
        this.codeLimits = codeLimits;
        this.activity = activity;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates a request of relying party {@code clientId} and pushes its challenge to every device holding
     * a fitting credential for the account of the person the username names now.
     */
    public Uni<SignInRequest> create(String clientId, String username, String accountRef, String tenant, String application) {
        Instant now = clock.instant();
        return directory.byUsername(username).map(user -> user.map(DirectoryUser::id)).flatMap(sub -> Panache.withTransaction(() -> reachable(sub.orElse(""), accountRef, tenant)
                .flatMap(credentials -> {
                    if (credentials.isEmpty()) {
                        throw SignInProblems.noDevice();
                    }
                    SignInRequest request = new SignInRequest();
                    request.id = UUID.randomUUID();
                    request.owner = credentials.get(0).owner;
                    request.kind = SignInRequest.Kind.SIGN_IN;
                    request.clientId = clientId;
                    request.username = username;
                    request.accountRef = accountRef;
                    request.tenant = tenant;
                    request.application = application;
                    request.number = 10 + RANDOM.nextInt(90);
                    request.challenge = newChallenge();
                    request.status = SignInRequest.Status.PENDING;
                    request.createdAt = now;
                    request.expiresAt = now.plus(config.signInValidity());
                    return request.persist().chain(() -> devicesOf(request.owner, credentials))
                            .map(reachable -> new Created(request, reachable));
                })))
                // Pushed once the request is committed (a phone answering at once finds it), each phone
                // on its own: one unreachable phone neither fails the request nor silences the others.
                .call(created -> pushAll(created))
                .map(Created::request)
                .invoke(request -> Log.infof("Sign-in request %s of %s for %s (account %s, %s)", request.id, clientId,
                        request.owner, accountRef, application));
    }

    /**
     * Opens a recovery's approval request (the {@code device} second factor), in the caller's transaction:
     * the request's id is the approval's, its number the one the recovering phone shows. Answers what to
     * push once committed, or null when nothing is to be done (the request exists already, or the event
     * arrived after the request expired).
     */
    @WithTransaction
    public Uni<Created> openRecoveryApproval(RecoveryApprovalRequested requested) {
        Instant now = clock.instant();
        if (!now.isBefore(requested.expiresAt())) {
            Log.infof("Recovery approval %s of recovery %s arrived after it expired: nothing pushed",
                    requested.approvalId(), requested.recoveryId());
            return Uni.createFrom().nullItem();
        }
        return SignInRequest.<SignInRequest>findById(requested.approvalId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().nullItem();
            }
            SignInRequest request = new SignInRequest();
            request.id = requested.approvalId();
            request.kind = SignInRequest.Kind.RECOVERY;
            request.owner = requested.owner();
            request.recoveryId = requested.recoveryId();
            request.recoveringDeviceId = requested.deviceId();
            request.accountRef = "personal";
            request.application = "Recovery of your authenticator";
            request.number = requested.number();
            request.challenge = newChallenge();
            request.status = SignInRequest.Status.PENDING;
            request.createdAt = now;
            request.expiresAt = requested.expiresAt();
            String platform = requested.platform();
            // A new approval request of a recovery replaces the previous one, which takes no answer any more.
            return expireRecoveryApprovals(request.recoveryId)
                    .chain(() -> request.persist())
                    .chain(() -> reachable(request))
                    .flatMap(credentials -> devicesOf(request.owner, credentials))
                    .map(reachable -> new Created(request, reachable, platform))
                    .invoke(created -> Log.infof("Recovery approval %s of recovery %s for %s: %d other phones asked",
                            request.id, request.recoveryId, request.owner, created.reachable().size()));
        });
    }

    /** Expires, in the caller's transaction, the open approval requests of a recovery (cancelled, or asking anew). */
    @WithTransaction
    public Uni<Integer> expireRecoveryApprovals(UUID recoveryId) {
        return SignInRequest.update("status = ?1 where kind = ?2 and recoveryId = ?3 and status = ?4",
                        SignInRequest.Status.EXPIRED, SignInRequest.Kind.RECOVERY, recoveryId, SignInRequest.Status.PENDING)
                .invoke(count -> {
                    if (count > 0) {
                        Log.infof("Recovery %s: %d open approval requests expired", recoveryId, count);
                    }
                });
    }

    /** What a new request is pushed to once committed; {@code platform} is the recovering phone's, for a recovery. */
    public record Created(SignInRequest request, List<Device> reachable, String platform) {
        Created(SignInRequest request, List<Device> reachable) {
            this(request, reachable, null);
        }
    }

    /** Pushes a committed request to each of its phones, each on its own: one unreachable phone silences none. */
    public Uni<Void> pushAll(Created created) {
        if (created.reachable().isEmpty()) {
            Log.warnf("Sign-in request %s: no registered device to push to", created.request().id);
            return Uni.createFrom().voidItem();
        }
        PushMessage message = created.request().isRecovery() ? recoveryMessage(created.request(), created.platform())
                : message(created.request());
        // One after the other (the local inbox shares the request's database session), each on its own.
        return Multi.createFrom().iterable(created.reachable())
                .onItem().transformToUniAndConcatenate(device -> push.push(device, message)
                        .onFailure().invoke(failure -> Log.warnf("Sign-in request %s: push to device %s failed: %s",
                                created.request().id, device.deviceId, failure.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }

    /**
     * The active credentials a sign-in request may reach. A request naming a tenant reaches only
     * credentials that tenant's activation code proved; one naming none is a sign-in to a personal account
     * and reaches only personal credentials (proven by a code by email or SMS): one kind never answers for
     * the other.
     */
    private static Uni<List<PushCredential>> reachable(String owner, String accountRef, String tenant) {
        if (tenant != null) {
            return PushCredential.list("owner = ?1 and accountRef = ?2 and status = ?3 and kind = ?4 and tenant = ?5",
                    owner, accountRef, PushCredential.Status.ACTIVE, AccountKind.WORK, tenant);
        }
        return PushCredential.list("owner = ?1 and accountRef = ?2 and status = ?3 and kind = ?4", owner, accountRef,
                PushCredential.Status.ACTIVE, AccountKind.PERSONAL);
    }

    /**
     * The active credentials a request may reach: for a recovery's approval, the person's personal
     * credentials on any phone but the one being recovered.
     */
    private static Uni<List<PushCredential>> reachable(SignInRequest request) {
        if (request.isRecovery()) {
            return PushCredential.list("owner = ?1 and status = ?2 and kind = ?3 and deviceId <> ?4",
                    request.owner, PushCredential.Status.ACTIVE, AccountKind.PERSONAL, request.recoveringDeviceId);
        }
        return reachable(request.owner, request.accountRef, request.tenant);
    }

    /** The registered devices holding {@code credentials} (a device without a push channel cannot be asked). */
    private static Uni<List<Device>> devicesOf(String owner, List<PushCredential> credentials) {
        List<String> devices = credentials.stream().map(c -> c.deviceId).distinct().toList();
        return Multi.createFrom().iterable(devices)
                .onItem().transformToUniAndConcatenate(deviceId -> Device.<Device>findById(new Device.Key(owner, deviceId)))
                .filter(device -> device != null)
                .collect().asList();
    }

    /**
     * The request as the relying party that made it follows it; a request past its expiry reads EXPIRED.
     * Another relying party's request, and a recovery's (which belongs to none), are not found.
     */
    @WithTransaction
    public Uni<SignInRequest> find(String clientId, UUID id) {
        return SignInRequest.<SignInRequest>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .invoke(request -> {
                    if (request == null || request.clientId == null || !request.clientId.equals(clientId)) {
                        throw SignInProblems.notFound();
                    }
                    expireIfDue(request);
                });
    }

    /**
     * A device's answer, from the authenticator app ({@code clientId}). Refused answers are audited and
     * change the request only when they show an attack: a wrong number denies the sign-in. The problem is
     * answered after the audit is committed. An approved sign-in ends the person's run of wrong codes; a
     * recovery's approval, approved or denied, is told to recovery-service in the same transaction.
     */
    public Uni<SignInRequest> respond(String clientId, String owner, UUID id, String deviceId, int number, boolean approve,
            String signature) {
        if (!config.appClientId().equals(clientId)) {
            // Only the app answers from a phone: a relying party's or another client's token learns nothing.
            Log.warnf("Sign-in request %s: an answer from client %s refused", id, clientId);
            return Uni.createFrom().failure(SignInProblems.notFound());
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> SignInRequest.<SignInRequest>findById(id, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(request -> {
                            if (request == null || !request.owner.equals(owner)) {
                                return Uni.createFrom().item(Outcome.refused(null, SignInProblems.notFound()));
                            }
                            if (expireIfDue(request) || SignInRequest.Status.EXPIRED == request.status) {
                                return audit(request, deviceId, "REFUSED", "expired", now)
                                        .replaceWith(Outcome.refused(request, SignInProblems.expired(request)));
                            }
                            if (SignInRequest.Status.PENDING != request.status) {
                                return audit(request, deviceId, "REFUSED", "already answered (replay)", now)
                                        .replaceWith(Outcome.refused(request, SignInProblems.alreadyAnswered()));
                            }
                            // A phone may hold several fitting credentials (two personal accounts, say): any of
                            // their keys may sign.
                            return reachable(request)
                                    .map(credentials -> credentials.stream()
                                            .filter(held -> held.deviceId.equals(deviceId)).toList()).flatMap(held -> {
                                if (held.isEmpty()) {
                                    return audit(request, deviceId, "REFUSED", "device holds no credential", now)
                                            .replaceWith(Outcome.refused(request, SignInProblems.deviceWithoutCredential(request)));
                                }
                                if (held.stream().noneMatch(credential -> DevicePublicKeys.verifies(
                                        DevicePublicKeys.publicKey(credential.publicKeyJwk), request.challenge, signature))) {
                                    return audit(request, deviceId, "REFUSED", "bad signature", now)
                                            .replaceWith(Outcome.refused(request, SignInProblems.signatureInvalid()));
                                }
                                request.answeredAt = now;
                                request.deviceId = deviceId;
                                if (number != request.number) {
                                    request.status = SignInRequest.Status.DENIED;
                                    return audit(request, deviceId, "DENIED", "wrong number", now)
                                            .chain(() -> answered(request, "wrong number"))
                                            .replaceWith(Outcome.refused(request, SignInProblems.numberMismatch(request)));
                                }
                                request.status = approve ? SignInRequest.Status.APPROVED : SignInRequest.Status.DENIED;
                                String reason = approve ? "approved" : "denied by the person";
                                return audit(request, deviceId, request.status.name(), reason, now)
                                        .chain(() -> answered(request, reason))
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

    /**
     * What an accepted answer means beyond the request, in its transaction: a push sign-in's answer joins
     * the person's security activity, and an approved one proves the person, so their run of wrong codes ends;
     * a recovery's answer goes to recovery-service (and reaches the activity as its event).
     */
    private Uni<Void> answered(SignInRequest request, String reason) {
        outcomes.count("push.answers", "kind", request.isRecovery() ? "recovery-approval" : "sign-in",
                "answer", SignInRequest.Status.APPROVED == request.status ? "approved" : "denied");
        if (!request.isRecovery()) {
            return activity.recordSignInAnswer(request, reason)
                    .chain(() -> SignInRequest.Status.APPROVED == request.status ? codeLimits.resetStreak(request.owner)
                            : Uni.createFrom().voidItem());
        }
        return events.approvalAnswered(new RecoveryApprovalAnswered(request.id, request.recoveryId, request.owner,
                request.deviceId, request.status.name(), reason, request.answeredAt)).replaceWithVoid();
    }

    private boolean expireIfDue(SignInRequest request) {
        if (SignInRequest.Status.PENDING == request.status && !clock.instant().isBefore(request.expiresAt)) {
            request.status = SignInRequest.Status.EXPIRED;
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

    private static String newChallenge() {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(challenge);
    }

    /** The push asking another phone to approve a recovery: never the number, which only the recovering phone shows. */
    private static PushMessage recoveryMessage(SignInRequest request, String platform) {
        String phone = "ios".equals(platform) ? "an iPhone" : "android".equals(platform) ? "an Android phone" : "a phone";
        Map<String, String> data = new LinkedHashMap<>();
        data.put("type", "recovery-approval");
        data.put("requestId", request.id.toString());
        data.put("challenge", request.challenge);
        data.put("recoveryId", request.recoveryId.toString());
        data.put("platform", platform == null ? "" : platform);
        data.put("deviceId", request.recoveringDeviceId);
        data.put("accountRef", request.accountRef);
        data.put("expiresAt", request.expiresAt.toString());
        return new PushMessage(PushMessage.Kind.RECOVERY_APPROVAL, "Is this you recovering your authenticator?",
                "Someone is recovering your authenticator on " + phone + " (device " + request.recoveringDeviceId
                        + "). If it is you, enter the number shown on that phone.", data);
    }

    private static PushMessage message(SignInRequest request) {
        return new PushMessage(PushMessage.Kind.SIGN_IN_REQUEST, "Are you trying to sign in?",
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
