package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.UUID;

/** A recovery left open for 24 hours ended unfinished. */
public record RecoveryExpired(UUID recoveryId, String owner, String deviceId, Instant expiredAt) {
}
