package io.authcloud.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The rules and keys of notification-service. */
@ConfigMapping(prefix = "authcloud.notification")
public interface NotificationConfig {

    /**
     * The service's secret (base64, at least 32 bytes): the keys sealing TOTP secrets at rest and hashing
     * "this wasn't me" tokens are derived from it. From a Kubernetes Secret; never in the repo.
     */
    String secretKey();

    /** The PEM file (PKCS#8) of this service's EC P-256 private key: one-time codes are encrypted for it. */
    String jwePrivateKey();

    /** The id of that key; a code delivery encrypted for another key id is refused. */
    @WithDefault("notification-1")
    String jweKeyId();

    /** Where people click "this wasn't me": the gateway's public address. */
    @WithDefault("http://127.0.0.1:8080")
    String publicUrl();

    /** How long a successful verification may be turned into a credential. */
    @WithDefault("PT10M")
    Duration grantValidity();

    /** How long a push sign-in request waits for an answer. */
    @WithDefault("PT60S")
    Duration signInValidity();

    /** How long the "this wasn't me" link of a security notice works. */
    @WithDefault("P7D")
    Duration noticeLinkValidity();

    /** Wrong codes a relying party may check for one username per 5 minutes before it is slowed down. */
    @WithDefault("10")
    int codeFailuresPerUsername();
}
