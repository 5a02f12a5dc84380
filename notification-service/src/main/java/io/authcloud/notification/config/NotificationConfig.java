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

    /**
     * Wrong codes relying parties may check for one person per UTC day (NIST SP 800-63B 5.2.2); past it codes
     * are refused until the next day, and the person signs in with a push approval meanwhile.
     */
    @WithDefault("30")
    int codeFailuresPerDay();

    /**
     * Wrong codes in a row after which code sign-in is locked for the person until they approve a push
     * sign-in. Counted in PostgreSQL, so no restart forgets them.
     */
    @WithDefault("100")
    int consecutiveCodeFailures();

    /**
     * Sign-in requests and code checks one relying party (a token's {@code azp}) may make per minute, all
     * people together: a compromised or runaway relying party cannot flood phones or guess codes at scale.
     */
    @WithDefault("120")
    int relyingPartyRequestsPerMinute();

    /** The client id of the authenticator app: only its tokens may answer a sign-in request from a phone. */
    @WithDefault("authenticator-app")
    String appClientId();
}
