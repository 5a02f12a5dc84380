package io.authcloud.verification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The rules of step-up verification (NIST SP 800-63B, OWASP ASVS) and the keys it uses. */
@ConfigMapping(prefix = "authcloud.verification")
public interface VerificationConfig {

    /**
     * The service's secret (base64, at least 32 bytes) from which the key hashing one-time codes and the
     * key encrypting activation codes at rest are derived. From a Kubernetes Secret; never in the repo.
     */
    String secretKey();

    /** The PEM file of notification-service's public key (EC P-256): codes are encrypted for it alone. */
    String notificationPublicKey();

    /** The id of that key, sent as the JWE {@code kid} so notification-service can rotate keys. */
    @WithDefault("notification-1")
    String notificationKeyId();

    /** How often verifications whose code expired unused are marked expired ({@code off} to disable). */
    @WithDefault("30s")
    String expirySweep();

    Otp otp();

    Qr qr();

    Limits limits();

    /** One-time codes sent by email or SMS. */
    interface Otp {
        /** How long a code is valid. */
        @WithDefault("PT10M")
        Duration validity();

        /** Wrong codes allowed per verification before it locks. */
        @WithDefault("5")
        int maxAttempts();

        /** How long to wait before asking for another code. */
        @WithDefault("PT60S")
        Duration resendCooldown();

        /** Codes sent per verification, the first included. */
        @WithDefault("5")
        int maxSends();
    }

    /** QR activation codes issued by tenant admins. */
    interface Qr {
        @WithDefault("PT15M")
        Duration validity();

        /** The URL put in the QR code with the activation code: where the app redeems it. */
        @WithDefault("http://127.0.0.1:8080/v1/verifications/qr")
        String activationUrl();
    }

    /** Limits across verifications. */
    interface Limits {
        /** Wrong codes one person may enter per hour, across all verifications. */
        @WithDefault("100")
        int failuresPerPersonPerHour();

        /** Codes sent to one email address or phone number per hour. */
        @WithDefault("10")
        int sendsPerDestinationPerHour();
    }
}
