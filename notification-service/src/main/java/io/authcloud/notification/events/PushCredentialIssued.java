package io.authcloud.notification.events;

import java.time.Instant;
import java.util.UUID;

/** A device-bound push credential was issued after a successful verification. */
public record PushCredentialIssued(UUID credentialId, String owner, String accountRef, String kind, String tenant, String deviceId,
        String platform, UUID verificationId, UUID recoveryId, Instant issuedAt) {
}
