package io.authcloud.verification.api;

import io.authcloud.verification.config.VerificationConfig;
import io.authcloud.verification.domain.Method;
import io.authcloud.verification.domain.Purpose;
import io.authcloud.verification.domain.Verification;
import io.authcloud.verification.domain.VerificationStatus;
import java.time.Instant;
import java.util.UUID;

/** A verification as the app sees it: never its code, only where it went (masked) and what is left. */
public record VerificationResponse(UUID id, Purpose purpose, VerificationStatus status, Method method, Method channel,
        String destination, UUID recoveryId, UUID transferId, UUID erasureId, String accountRef, String deviceId, Instant expiresAt,
        Instant resendAvailableAt, int attemptsLeft, int sendsLeft, Instant verifiedAt) {

    static VerificationResponse of(Verification v, VerificationConfig config) {
        boolean byCode = v.method != Method.QR;
        int sendsLeft = byCode ? Math.max(0, config.otp().maxSends() - v.sends) : 0;
        Instant resendAt = byCode && v.isPending() && sendsLeft > 0 && v.lastSentAt != null
                ? v.lastSentAt.plus(config.otp().resendCooldown()) : null;
        return new VerificationResponse(v.id, v.purpose, v.status, v.method, byCode ? v.method : null,
                v.destinationMasked, v.recoveryId, v.transferId, v.erasureId, v.accountRef, v.deviceId, v.expiresAt, resendAt,
                byCode ? Math.max(0, config.otp().maxAttempts() - v.failedAttempts) : 0, sendsLeft,
                v.status == VerificationStatus.VERIFIED ? v.completedAt : null);
    }
}
