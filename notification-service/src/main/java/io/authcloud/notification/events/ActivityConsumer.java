package io.authcloud.notification.events;

import io.authcloud.notification.domain.activity.ActivityService;
import io.authcloud.platform.inbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The security-activity projection: every event of the four services' topics that the timeline tracks
 * becomes an entry, once per event id. Its own consumer group ({@code notification-service-activity}), so it
 * reads every record whatever the notices and grants do with it, and can be rebuilt by resetting its offsets.
 */
@ApplicationScoped
public class ActivityConsumer {

    private static final String CONSUMER = "activity";

    private final EventInbox inbox;
    private final ActivityService activity;

    public ActivityConsumer(EventInbox inbox, ActivityService activity) {
        this.inbox = inbox;
        this.activity = activity;
    }

    @Incoming("activity-backup-events")
    public Uni<Void> onBackupEvent(Message<String> message) {
        return inbox.handle(CONSUMER, message, activity::record);
    }

    @Incoming("activity-recovery-events")
    public Uni<Void> onRecoveryEvent(Message<String> message) {
        return inbox.handle(CONSUMER, message, activity::record);
    }

    @Incoming("activity-verification-events")
    public Uni<Void> onVerificationEvent(Message<String> message) {
        return inbox.handle(CONSUMER, message, activity::record);
    }

    @Incoming("activity-credential-events")
    public Uni<Void> onCredentialEvent(Message<String> message) {
        return inbox.handle(CONSUMER, message, activity::record);
    }
}
