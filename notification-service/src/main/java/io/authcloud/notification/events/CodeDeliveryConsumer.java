package io.authcloud.notification.events;

import io.authcloud.notification.domain.delivery.CodeDeliveryService;
import io.authcloud.platform.inbox.EventInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** {@code notification-requests}: each code delivery request once, its delivery record kept in the same transaction. */
@ApplicationScoped
public class CodeDeliveryConsumer {

    static final String CONSUMER = "code-delivery";

    private final EventInbox inbox;
    private final CodeDeliveryService deliveries;

    public CodeDeliveryConsumer(EventInbox inbox, CodeDeliveryService deliveries) {
        this.inbox = inbox;
        this.deliveries = deliveries;
    }

    @Incoming("notification-requests")
    public Uni<Void> consume(Message<String> message) {
        return inbox.handleWithEffect(CONSUMER, message,
                // Deferred, so a request that cannot even be read or opened still leaves its delivery record.
                event -> Uni.createFrom().deferred(() -> deliveries.deliver(event))
                        .onFailure().call(failure -> deliveries.recordFailure(event, failure).onFailure().recoverWithNull()),
                deliveries::record);
    }
}
