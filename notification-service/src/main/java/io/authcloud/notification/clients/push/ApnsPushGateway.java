package io.authcloud.notification.clients.push;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authcloud.notification.config.PushConfig;
import io.authcloud.notification.domain.devices.Device;
import io.authcloud.platform.crypto.PemKeys;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Pushes to iPhones through APNs with a token-based provider connection: an ES256 JWT ({@code iss} the
 * team, {@code kid} the key) renewed every 50 minutes, as Apple asks (at most one per 20 minutes).
 * A singleton, made only when the store gateways are selected ({@code push.mode=gateways}): its key is
 * read then, at start, and never in {@code inbox} mode.
 */
@Singleton
public class ApnsPushGateway {

    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(50);

    private final ApnsClient apns;
    private final PushConfig.Apns config;
    private final Clock clock;
    /** Read once, at start. */
    private final Optional<ECPrivateKey> key;
    private volatile String providerToken;
    private volatile Instant providerTokenIssuedAt = Instant.EPOCH;

    public ApnsPushGateway(@RestClient ApnsClient apns, PushConfig config, Clock clock) {
        this.apns = apns;
        this.config = config.apns();
        this.clock = clock;
        this.key = this.config.privateKeyFile().map(file -> (ECPrivateKey) PemKeys.privateKey(file, "EC"));
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Uni<Void> push(Device device, PushMessage message) {
        Map<String, Object> alert = Map.of("title", message.title(), "body", message.body());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("aps", Map.of("alert", alert, "sound", "default", "category", message.kind().wire()));
        body.putAll(message.data());
        return apns.send(device.pushToken, "bearer " + providerToken(), config.topic(), "alert", "10", body);
    }

    private synchronized String providerToken() {
        Instant now = clock.instant();
        if (providerToken == null || providerTokenIssuedAt.plus(TOKEN_LIFETIME).isBefore(now)) {
            String team = config.teamId().orElseThrow(() -> new IllegalStateException("authcloud.push.apns.team-id is not set"));
            String keyId = config.keyId().orElseThrow(() -> new IllegalStateException("authcloud.push.apns.key-id is not set"));
            ECPrivateKey key = this.key.orElseThrow(() -> new IllegalStateException("authcloud.push.apns.private-key-file is not set"));
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(),
                        new JWTClaimsSet.Builder().issuer(team).issueTime(Date.from(now)).build());
                jwt.sign(new ECDSASigner(key));
                providerToken = jwt.serialize();
                providerTokenIssuedAt = now;
            } catch (JOSEException e) {
                throw new IllegalStateException("Cannot sign the APNs provider token", e);
            }
        }
        return providerToken;
    }
}
