package io.authcloud.verification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.erasure.ErasureEvents;
import io.authcloud.platform.inbox.EventHandlers;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.verification.domain.PersonalData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What verification-service hears on {@code recovery-events}: the erasure of a person (their verifications and
 * activation codes go; VerificationDataErased confirms). Every other recovery event is skipped. A repeated
 * request (recovery-service asks again when a confirmation is late) erases and confirms again.
 */
@ApplicationScoped
public class ErasureConsumer {

    private static final String CONSUMER = "verification-erasures";

    /** What this service reads of ErasureRequested. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErasureFact(UUID erasureId, String owner, List<String> services) {
    }

    private final EventHandlers<Void> handlers = EventHandlers.<Void>of()
            .on(ErasureEvents.ERASURE_REQUESTED, this::erasureRequested);

    private final EventInbox inbox;
    private final PersonalData personalData;
    private final ObjectMapper objectMapper;

    public ErasureConsumer(EventInbox inbox, PersonalData personalData, ObjectMapper objectMapper) {
        this.inbox = inbox;
        this.personalData = personalData;
        this.objectMapper = objectMapper;
    }

    @Incoming("recovery-events")
    public Uni<Void> consume(Message<String> message) {
        return inbox.handle(CONSUMER, message, handlers::apply);
    }

    private Uni<Void> erasureRequested(IncomingEvent event) {
        ErasureFact fact = event.read(objectMapper, ErasureFact.class);
        event.require(fact.erasureId(), fact.owner());
        if (fact.services() != null && !fact.services().contains(PersonalData.SERVICE)) {
            return Uni.createFrom().voidItem();
        }
        return personalData.erase(fact.erasureId(), fact.owner());
    }
}
