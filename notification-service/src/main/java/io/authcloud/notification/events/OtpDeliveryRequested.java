package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** What this service reads of a code delivery request: the code itself is only inside {@code jwe}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OtpDeliveryRequested(UUID verificationId, String owner, String channel, Instant expiresAt, String jwe) {
}
