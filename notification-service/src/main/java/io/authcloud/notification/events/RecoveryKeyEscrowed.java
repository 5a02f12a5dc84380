package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** What this service reads of recovery-service's RecoveryKeyEscrowed, to mail the person a notice. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecoveryKeyEscrowed(String owner, String provider, String storageAccount, String keyId, Integer version,
        Boolean replaced, Instant escrowedAt) {
}
