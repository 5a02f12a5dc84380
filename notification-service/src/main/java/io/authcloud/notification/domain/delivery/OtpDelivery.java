package io.authcloud.notification.domain.delivery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * The decrypted content of a code delivery request. Its {@code purpose} and {@code deviceId} let the message
 * say what the code is for (absent in requests written before them: an account's code). Its {@code toString}
 * never shows the code or address.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OtpDelivery(UUID verificationId, String channel, String destination, String code, Instant expiresAt,
        String purpose, String deviceId) {

    public static final String ACCOUNT = "account";
    public static final String KEY_RELEASE = "key-release";
    public static final String TRANSFER = "transfer";
    public static final String ERASURE = "erasure";

    /** The purpose, {@code account} when the request names none. */
    public String purposeOrDefault() {
        return purpose == null ? ACCOUNT : purpose;
    }

    /** Whether the code moves a backup to another storage location. */
    public boolean movesBackup() {
        return TRANSFER.equals(purposeOrDefault());
    }

    /** Whether the code releases a recovery's backup key to a phone, rather than proving an account. */
    public boolean releasesBackupKey() {
        return KEY_RELEASE.equals(purposeOrDefault());
    }

    @Override
    public String toString() {
        return "OtpDelivery[verificationId=" + verificationId + ", channel=" + channel + ", purpose=" + purposeOrDefault() + "]";
    }
}
