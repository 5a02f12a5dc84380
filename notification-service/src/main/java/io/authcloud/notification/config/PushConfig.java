package io.authcloud.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How pushes reach devices: APNs and FCM in production, an inbox devices poll on a laptop. */
@ConfigMapping(prefix = "authcloud.push")
public interface PushConfig {

    /** {@code gateways} (APNs for {@code apns} devices, FCM for {@code fcm}) or {@code inbox} (local only). */
    @WithDefault("inbox")
    String mode();

    Apns apns();

    Fcm fcm();

    /** Apple Push Notification service, token-based (a .p8 key signs ES256 provider tokens). */
    interface Apns {
        /** The app's bundle id, sent as {@code apns-topic}. */
        @WithDefault("io.authcloud.authenticator")
        String topic();

        Optional<String> teamId();

        Optional<String> keyId();

        /** The PEM (PKCS#8) file of the .p8 signing key. */
        Optional<String> privateKeyFile();
    }

    /** Firebase Cloud Messaging HTTP v1, with a service account's OAuth token. */
    interface Fcm {
        Optional<String> projectId();

        /** The service account's email (JWT issuer of the token request). */
        Optional<String> clientEmail();

        /** The PEM (PKCS#8) file of the service account's RSA key. */
        Optional<String> privateKeyFile();

        /** Where access tokens are obtained. */
        @WithDefault("https://oauth2.googleapis.com/token")
        String tokenUri();
    }
}
