package io.authcloud.recovery.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.recovery.domain.erasure.Erasures;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * A service's confirmation that it erased a person's data (BackupDataErased, VerificationDataErased,
 * NotificationDataErased), read from that service's own topic: only it can write there (EventOrigins).
 */
@ApplicationScoped
public class ErasureConfirmations {

    /** What the saga reads of a confirmation. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErasedFact(UUID erasureId, String owner, Instant erasedAt) {
    }

    private final Erasures erasures;
    private final ObjectMapper objectMapper;

    public ErasureConfirmations(Erasures erasures, ObjectMapper objectMapper) {
        this.erasures = erasures;
        this.objectMapper = objectMapper;
    }

    Uni<Void> apply(String service, IncomingEvent event) {
        ErasedFact fact = event.read(objectMapper, ErasedFact.class);
        event.require(fact.owner(), fact.erasureId());
        return erasures.confirmed(service, fact.erasureId(), fact.owner(),
                fact.erasedAt() != null ? fact.erasedAt() : event.time());
    }
}
