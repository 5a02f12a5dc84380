package io.authcloud.notification.events;

import java.time.Instant;
import java.util.UUID;

/** notification-service erased everything it held about {@code owner} for erasure {@code erasureId}. */
public record NotificationDataErased(UUID erasureId, String owner, Instant erasedAt) {
}
