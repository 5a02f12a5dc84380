package io.authcloud.notification.events;

import java.time.Instant;
import java.util.UUID;

/** A push credential stopped working: revoked by its owner (lost phone, "this wasn't me"). */
public record PushCredentialRevoked(UUID credentialId, String owner, String accountRef, String deviceId,
        UUID recoveryId, String reason, Instant revokedAt) {
}
