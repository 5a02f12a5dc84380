package io.authcloud.recovery.events;

import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.recovery.domain.catalogue.BackupCatalogue;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** {@code backup-events} feed the backup catalogue, each event once. */
@ApplicationScoped
public class BackupEventsConsumer {

    private static final String CONSUMER = "backup-catalogue";

    private final EventInbox inbox;
    private final BackupCatalogue catalogue;

    public BackupEventsConsumer(EventInbox inbox, BackupCatalogue catalogue) {
        this.inbox = inbox;
        this.catalogue = catalogue;
    }

    @Incoming("backup-events")
    public Uni<Void> consume(Message<String> message) {
        return inbox.handle(CONSUMER, message, catalogue::apply);
    }
}
