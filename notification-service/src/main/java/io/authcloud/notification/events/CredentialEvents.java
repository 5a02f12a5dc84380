package io.authcloud.notification.events;

import io.authcloud.notification.domain.credentials.PushCredential;
import io.authcloud.platform.outbox.EventWriter;
import io.authcloud.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes this service's events (credentials, recovery approvals, "this wasn't me", code limits) into the
 * outbox, in the caller's transaction, for {@value #TOPIC}.
 */
@ApplicationScoped
public class CredentialEvents extends EventWriter {

    public static final String TOPIC = "credential-events";
    public static final String TYPE_PREFIX = "io.authcloud.notification.";

    public CredentialEvents(Outbox outbox) {
        super(outbox, TYPE_PREFIX);
    }

    /** The person's devices, credentials and activity are erased (an erasure's confirmation); forgotten once published. */
    public Uni<UUID> dataErased(UUID erasureId, String owner, Instant erasedAt) {
        return appendForgotten(TOPIC, owner, "erasures/" + erasureId, new NotificationDataErased(erasureId, owner, erasedAt));
    }

    public Uni<UUID> issued(PushCredential credential, String platform) {
        return append(credential, new PushCredentialIssued(credential.id, credential.owner, credential.accountRef,
                credential.kind.wire(), credential.tenant, credential.deviceId, platform, credential.verificationId, credential.recoveryId,
                credential.createdAt));
    }

    public Uni<UUID> revoked(PushCredential credential) {
        return append(credential, new PushCredentialRevoked(credential.id, credential.owner, credential.accountRef,
                credential.deviceId, credential.recoveryId, credential.revokedReason, credential.revokedAt));
    }

    /** Another phone answered a recovery's approval request. */
    public Uni<UUID> approvalAnswered(RecoveryApprovalAnswered answered) {
        return append(answered.owner(), "recoveries/" + answered.recoveryId() + "/approvals/" + answered.approvalId(), answered);
    }

    /** The person followed a notice's "this wasn't me" link. */
    public Uni<UUID> notMeReported(NotMeReported reported) {
        return append(reported.owner(), "security-notices/" + reported.noticeId(), reported);
    }

    /** Relying parties reached one of the person's wrong-code limits. */
    public Uni<UUID> codesFailing(SignInCodesFailing failing) {
        return append(failing.owner(), "people/" + failing.owner(), failing);
    }

    private Uni<UUID> append(PushCredential credential, Record event) {
        return append(credential.owner, "push-credentials/" + credential.id, event);
    }

    private Uni<UUID> append(String owner, String subject, Record event) {
        return append(TOPIC, owner, subject, event);
    }
}
