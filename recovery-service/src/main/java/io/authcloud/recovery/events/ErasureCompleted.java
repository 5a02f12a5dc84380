package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.UUID;

/** All four services erased the person's data: notification-service mails them a last time. */
public record ErasureCompleted(UUID erasureId, String owner, Instant completedAt) {
}
