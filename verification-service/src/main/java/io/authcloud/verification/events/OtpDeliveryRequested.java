package io.authcloud.verification.events;

import io.authcloud.verification.domain.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * Asks notification-service to deliver a one-time code. The code and the destination travel only inside
 * {@code jwe}, encrypted for notification-service's key; the rest is in clear so that an expired request
 * can be dropped without decrypting it.
 */
public record OtpDeliveryRequested(UUID verificationId, String owner, Channel channel, Instant expiresAt, String jwe) {
}
