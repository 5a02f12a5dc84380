package io.authcloud.recovery.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.accounts.AccountKind;
import io.authcloud.platform.erasure.ErasureEvents;
import io.authcloud.platform.inbox.EventHandlers;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.platform.inbox.PoisonEvent;
import io.authcloud.recovery.domain.devices.PersonDevices;
import io.authcloud.recovery.domain.erasure.Erasures;
import io.authcloud.recovery.domain.release.KeyReleaseService;
import io.authcloud.recovery.domain.saga.Proof;
import io.authcloud.recovery.domain.saga.RecoveryService;
import io.authcloud.recovery.domain.saga.VerificationFailure;
import io.authcloud.recovery.domain.transfer.KeyTransfers;
import io.authcloud.recovery.events.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Follows the saga's events: verification-service's VerificationSucceeded (an account, a key release's, a
 * transfer's or an erasure's second factor) and VerificationFailed, the erasure confirmations of
 * verification-service and notification-service, and
 * notification-service's credential events (issued, revoked), recovery approvals and "this wasn't me"
 * reports. Each event is applied once, in any order.
 */
@ApplicationScoped
public class SagaConsumers {

    private static final String VERIFICATIONS = "recovery-saga-verifications";
    private static final String CREDENTIALS = "recovery-saga-credentials";

    /** What the saga reads of a verification event (tolerant reader). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VerificationFact(UUID verificationId, String owner, String purpose, UUID recoveryId, UUID transferId,
            UUID erasureId, String accountRef, String deviceId, String method, String tenant, Instant verifiedAt,
            Instant failedAt) {
        boolean releasesKey() {
            return "key-release".equals(purpose);
        }

        boolean allowsTransfer() {
            return "transfer".equals(purpose);
        }

        boolean allowsErasure() {
            return "erasure".equals(purpose);
        }

        /** A second factor of something the person asked for (not an account's proof). */
        boolean isSecondFactor() {
            return releasesKey() || allowsTransfer() || allowsErasure();
        }
    }


    /** What the saga reads of PushCredentialIssued and PushCredentialRevoked. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CredentialFact(UUID credentialId, String owner, String accountRef, AccountKind kind, String tenant, String deviceId,
            UUID verificationId, UUID recoveryId) {
    }

    /** What the saga reads of RecoveryApprovalAnswered. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApprovalFact(UUID approvalId, UUID recoveryId, String owner, String deviceId, String outcome, Instant answeredAt) {
    }

    /** What the saga reads of NotMeReported. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReportFact(UUID noticeId, String owner, UUID recoveryId) {
    }

    private static final String NOT_ME = "reported by the owner: this wasn't me";

    private final EventHandlers<Void> verificationHandlers = EventHandlers.<Void>of()
            .on(ConsumedEvents.VERIFICATION_SUCCEEDED, this::verificationSucceeded)
            .on(ConsumedEvents.VERIFICATION_FAILED, this::verificationFailed)
            .on(ErasureEvents.VERIFICATION_DATA_ERASED, this::verificationDataErased);
    private final EventHandlers<Void> credentialHandlers = EventHandlers.<Void>of()
            .on(ConsumedEvents.PUSH_CREDENTIAL_ISSUED, this::credentialIssued)
            .on(ConsumedEvents.PUSH_CREDENTIAL_REVOKED, this::credentialRevoked)
            .on(ConsumedEvents.RECOVERY_APPROVAL_ANSWERED, this::approvalAnswered)
            .on(ConsumedEvents.NOT_ME_REPORTED, this::notMeReported)
            .on(ErasureEvents.NOTIFICATION_DATA_ERASED, this::notificationDataErased);

    private final EventInbox inbox;
    private final RecoveryService recoveries;
    private final KeyReleaseService keyReleases;
    private final PersonDevices devices;
    private final KeyTransfers keyTransfers;
    private final Erasures erasures;
    private final ErasureConfirmations confirmations;
    private final ObjectMapper objectMapper;

    public SagaConsumers(EventInbox inbox, RecoveryService recoveries, KeyReleaseService keyReleases, PersonDevices devices,
            KeyTransfers keyTransfers, Erasures erasures, ErasureConfirmations confirmations, ObjectMapper objectMapper) {
        this.erasures = erasures;
        this.confirmations = confirmations;
        this.inbox = inbox;
        this.recoveries = recoveries;
        this.keyReleases = keyReleases;
        this.devices = devices;
        this.keyTransfers = keyTransfers;
        this.objectMapper = objectMapper;
    }

    @Incoming("verification-events")
    public Uni<Void> onVerificationEvent(Message<String> message) {
        return inbox.handle(VERIFICATIONS, message, verificationHandlers::apply);
    }

    @Incoming("credential-events")
    public Uni<Void> onCredentialEvent(Message<String> message) {
        return inbox.handle(CREDENTIALS, message, credentialHandlers::apply);
    }

    private Uni<Void> verificationSucceeded(IncomingEvent event) {
        VerificationFact fact = event.read(objectMapper, VerificationFact.class);
        if (fact.allowsErasure()) {
            event.require(fact.owner(), fact.erasureId(), fact.deviceId(), fact.method());
            return erasures.verified(fact.owner(), fact.erasureId(), fact.deviceId(), fact.method(),
                    fact.verifiedAt() != null ? fact.verifiedAt() : event.time())
                    .invoke(() -> keyReleases.countSecondFactor(fact.method(), true));
        }
        if (fact.allowsTransfer()) {
            event.require(fact.owner(), fact.transferId(), fact.deviceId(), fact.method());
            return keyTransfers.verified(fact.owner(), fact.transferId(), fact.deviceId(), fact.method(),
                    fact.verifiedAt() != null ? fact.verifiedAt() : event.time())
                    .invoke(() -> keyReleases.countSecondFactor(fact.method(), true));
        }
        if (fact.releasesKey()) {
            event.require(fact.owner(), fact.recoveryId(), fact.deviceId(), fact.method());
            return keyReleases.verified(fact.owner(), fact.recoveryId(), fact.deviceId(), fact.method(),
                    fact.verifiedAt() != null ? fact.verifiedAt() : event.time())
                    .invoke(() -> keyReleases.countSecondFactor(fact.method(), true));
        }
        event.require(fact.owner(), fact.accountRef(), fact.deviceId(), fact.method());
        return recoveries.verified(fact.owner(), fact.recoveryId(), fact.deviceId(), fact.accountRef(),
                fact.verificationId(), Proof.ofVerification(fact.method(), fact.tenant()));
    }

    private Uni<Void> verificationFailed(IncomingEvent event) {
        VerificationFact fact = event.read(objectMapper, VerificationFact.class);
        event.require(fact.owner());
        return new VerificationFailure(event.id(), fact.owner(), fact.failedAt() != null ? fact.failedAt() : event.time())
                .persist().replaceWithVoid()
                .invoke(() -> {
                    if (fact.isSecondFactor()) {
                        keyReleases.countSecondFactor(fact.method(), false);
                    }
                });
    }

    private Uni<Void> verificationDataErased(IncomingEvent event) {
        return confirmations.apply("verification-service", event);
    }

    private Uni<Void> notificationDataErased(IncomingEvent event) {
        return confirmations.apply("notification-service", event);
    }

    private Uni<Void> credentialIssued(IncomingEvent event) {
        CredentialFact fact = event.read(objectMapper, CredentialFact.class);
        event.require(fact.owner(), fact.accountRef(), fact.deviceId(), fact.kind());
        return devices.issued(fact.credentialId(), fact.owner(), fact.deviceId(), fact.kind())
                .chain(() -> recoveries.credentialIssued(fact.owner(), fact.recoveryId(), fact.deviceId(),
                        fact.accountRef(), fact.verificationId(), fact.credentialId(),
                        Proof.ofCredential(fact.kind(), fact.tenant())));
    }

    private Uni<Void> credentialRevoked(IncomingEvent event) {
        CredentialFact fact = event.read(objectMapper, CredentialFact.class);
        event.require(fact.owner(), fact.deviceId(), fact.credentialId());
        return devices.revoked(fact.credentialId(), fact.owner(), fact.deviceId());
    }

    private Uni<Void> approvalAnswered(IncomingEvent event) {
        ApprovalFact fact = event.read(objectMapper, ApprovalFact.class);
        event.require(fact.owner(), fact.deviceId(), fact.outcome(), fact.approvalId(), fact.recoveryId());
        if (!"APPROVED".equals(fact.outcome()) && !"DENIED".equals(fact.outcome())) {
            throw new PoisonEvent(event.type() + " " + event.id() + " has an unknown outcome");
        }
        return keyReleases.approvalAnswered(event.id(), fact.approvalId(), fact.recoveryId(), fact.owner(),
                fact.deviceId(), "APPROVED".equals(fact.outcome()), fact.answeredAt() != null ? fact.answeredAt() : event.time())
                .invoke(() -> keyReleases.countSecondFactor("push-approval", "APPROVED".equals(fact.outcome())));
    }

    private Uni<Void> notMeReported(IncomingEvent event) {
        ReportFact fact = event.read(objectMapper, ReportFact.class);
        event.require(fact.owner());
        return recoveries.cancelAllOpen(fact.owner(), NOT_ME).replaceWithVoid();
    }
}
