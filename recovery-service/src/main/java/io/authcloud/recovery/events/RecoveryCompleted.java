package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.UUID;

/** Every declared push-enabled account got its credential on the new phone: the recovery is done. */
public record RecoveryCompleted(UUID recoveryId, String owner, String deviceId, String platform, int accounts,
        Instant startedAt, Instant completedAt) {
}
