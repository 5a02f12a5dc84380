package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What this service reads of recovery-service's ErasureRequested and ErasureCompleted (tolerant reader). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErasureFact(UUID erasureId, String owner, List<String> services, Instant requestedAt,
        Instant completedAt) {
}
