package io.authcloud.notification.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.domain.erasure.PersonalData;
import io.authcloud.notification.domain.notices.SecurityNoticeService;
import io.authcloud.platform.erasure.ErasureEvents;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
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
    private static final String ERASURE_CONSUMER = "notification-erasures";

    private final EventInbox inbox;
    private final SecurityNoticeService notices;
    private final RecoveryApprovalConsumer approvals;
    private final PersonalData personalData;
    private final ObjectMapper objectMapper;

    public SecurityNoticeConsumer(EventInbox inbox, SecurityNoticeService notices, RecoveryApprovalConsumer approvals,
            PersonalData personalData, ObjectMapper objectMapper) {
        this.inbox = inbox;
        this.personalData = personalData;
        this.objectMapper = objectMapper;
        this.notices = notices;
        this.approvals = approvals;
    }

    /**
     * Every record of {@code recovery-events}: approval requests go to their consumer, an erasure's request erases
     * the person's data here (NotificationDataErased confirms), the rest are notices (an erasure's completion: the
     * last mail).
     */
    @Incoming("recovery-events")
    public Uni<Void> onRecoveryEvent(Message<String> message) {
        String type = typeOf(message);
        if (approvals.handles(type)) {
            return approvals.consume(message);
        }
        if (ErasureEvents.ERASURE_REQUESTED.equals(type)) {
            return inbox.handle(ERASURE_CONSUMER, message, this::erasureRequested);
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

    private Uni<Void> erasureRequested(IncomingEvent event) {
        ErasureFact fact = event.read(objectMapper, ErasureFact.class);
        event.require(fact.erasureId(), fact.owner());
        if (fact.services() != null && !fact.services().contains(PersonalData.SERVICE)) {
            return Uni.createFrom().voidItem();
        }
        return personalData.erase(fact.erasureId(), fact.owner());
    }

    private static String typeOf(Message<String> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType).orElse("");
    }
}
