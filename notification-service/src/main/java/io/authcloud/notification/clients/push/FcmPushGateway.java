package io.authcloud.notification.clients.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authcloud.notification.config.PushConfig;
import io.authcloud.notification.domain.devices.Device;
import io.authcloud.platform.crypto.PemKeys;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Pushes to Android phones through FCM HTTP v1. The OAuth access token comes from Google's token
 * endpoint with a service-account assertion (RS256 JWT bearer grant) and is reused until shortly before
 * it expires.
 * A singleton, made only when the store gateways are selected ({@code push.mode=gateways}): its key is
 * read then, at start, and never in {@code inbox} mode.
 */
@Singleton
public class FcmPushGateway {

    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    private final FcmClient fcm;
    private final PushConfig.Fcm config;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    /** Read once, at start. */
    private final Optional<PrivateKey> key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile String accessToken;
    private volatile Instant accessTokenExpiresAt = Instant.EPOCH;

    public FcmPushGateway(@RestClient FcmClient fcm, PushConfig config, ObjectMapper objectMapper, Clock clock) {
        this.fcm = fcm;
        this.config = config.fcm();
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.key = this.config.privateKeyFile().map(file -> PemKeys.privateKey(file, "RSA"));
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Uni<Void> push(Device device, PushMessage message) {
        String project = config.projectId().orElseThrow(() -> new IllegalStateException("authcloud.push.fcm.project-id is not set"));
        Map<String, Object> body = Map.of("message", Map.of(
                "token", device.pushToken,
                "notification", Map.of("title", message.title(), "body", message.body()),
                "data", message.data(),
                "android", Map.of("priority", "high")));
        return accessToken().flatMap(token -> fcm.send(project, "Bearer " + token, body)).replaceWithVoid();
    }

    private Uni<String> accessToken() {
        if (accessToken != null && clock.instant().isBefore(accessTokenExpiresAt.minusSeconds(60))) {
            return Uni.createFrom().item(accessToken);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.tokenUri()))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type="
                        + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                        + "&assertion=" + assertion()))
                .build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("Google's token endpoint answered " + response.statusCode());
                    }
                    try {
                        JsonNode token = objectMapper.readTree(response.body());
                        accessToken = token.get("access_token").asText();
                        accessTokenExpiresAt = clock.instant().plusSeconds(token.path("expires_in").asLong(3600));
                        return accessToken;
                    } catch (IOException e) {
                        throw new IllegalStateException("Google's token endpoint answered unreadable JSON", e);
                    }
                });
    }

    private String assertion() {
        String email = config.clientEmail().orElseThrow(() -> new IllegalStateException("authcloud.push.fcm.client-email is not set"));
        PrivateKey key = this.key.orElseThrow(() -> new IllegalStateException("authcloud.push.fcm.private-key-file is not set"));
        Instant now = clock.instant();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .issuer(email)
                    .audience(config.tokenUri())
                    .claim("scope", SCOPE)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(3600)))
                    .build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign the FCM token request", e);
        }
    }
}
