package io.authcloud.notification.events;

import io.authcloud.notification.domain.notices.SecurityNoticeService;
import io.authcloud.platform.inbox.EventInbox;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The records that call for a security notice: each event once, the notice mailed and its record kept in
 * the transaction that marks the event handled. Recovery approval requests go to their own consumer.
 */
@ApplicationScoped
public class SecurityNoticeConsumer {

    private static final String RECOVERY_CONSUMER = "notice-recovery";
    private static final String CREDENTIAL_CONSUMER = "notice-credential";
    private static final String BACKUP_CONSUMER = "notice-backup";

    private final EventInbox inbox;
    private final SecurityNoticeService notices;
    private final RecoveryApprovalConsumer approvals;

    public SecurityNoticeConsumer(EventInbox inbox, SecurityNoticeService notices, RecoveryApprovalConsumer approvals) {
        this.inbox = inbox;
        this.notices = notices;
        this.approvals = approvals;
    }

    /** Every record of {@code recovery-events}: approval requests go to their consumer, the rest are notices. */
    @Incoming("recovery-events")
    public Uni<Void> onRecoveryEvent(Message<String> message) {
        if (approvals.handles(typeOf(message))) {
            return approvals.consume(message);
        }
        return inbox.handleWithEffect(RECOVERY_CONSUMER, message, notices::recoveryNotice, notices::save);
    }

    @Incoming("credential-events")
    public Uni<Void> onCredentialEvent(Message<String> message) {
        return inbox.handleWithEffect(CREDENTIAL_CONSUMER, message, notices::credentialNotice, notices::save);
    }

    @Incoming("backup-events")
    public Uni<Void> onBackupEvent(Message<String> message) {
        return inbox.handleWithEffect(BACKUP_CONSUMER, message, notices::backupNotice, notices::save);
    }

    private static String typeOf(Message<String> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType).orElse("");
    }
}
