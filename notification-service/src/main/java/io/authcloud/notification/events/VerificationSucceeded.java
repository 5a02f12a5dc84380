package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * What this service reads of verification-service's VerificationSucceeded (tolerant reader). An event
 * without {@code purpose} (written before purposes existed) proved an account.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VerificationSucceeded(UUID verificationId, String owner, String purpose, UUID recoveryId, UUID transferId,
        UUID erasureId, String accountRef,
        String deviceId, String method, String tenant, Instant verifiedAt) {

    public static final String ACCOUNT = "account";
    public static final String KEY_RELEASE = "key-release";
    public static final String TRANSFER = "transfer";
    public static final String ERASURE = "erasure";

    /** The purpose, {@code account} when the event names none. */
    public String purposeOrDefault() {
        return purpose == null ? ACCOUNT : purpose;
    }
}
