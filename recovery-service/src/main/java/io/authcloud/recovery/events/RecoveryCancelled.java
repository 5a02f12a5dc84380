package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.UUID;

/** An open recovery was closed before it completed: by its owner, or on "this wasn't me". */
public record RecoveryCancelled(UUID recoveryId, String owner, String deviceId, String reason, Instant cancelledAt) {
}
