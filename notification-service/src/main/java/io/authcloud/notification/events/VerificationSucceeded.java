package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** What this service reads of verification-service's VerificationSucceeded (tolerant reader). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerificationSucceeded(UUID verificationId, String owner, UUID recoveryId, String accountRef,
        String deviceId, String method, String tenant, Instant verifiedAt) {
}
