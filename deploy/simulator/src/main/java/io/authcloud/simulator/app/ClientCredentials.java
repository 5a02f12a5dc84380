package io.authcloud.simulator.app;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A confidential client's access token (client credentials grant), renewed when it expires. */
final class ClientCredentials {

    private final String tokenUrl;
    private final String clientId;
    private final String secret;
    private String token;
    private Instant expiresAt = Instant.EPOCH;

    ClientCredentials(String realm, String clientId, String secret) {
        this.tokenUrl = realm + "/protocol/openid-connect/token";
        this.clientId = clientId;
        this.secret = secret;
    }

    synchronized String token() {
        if (token != null && Instant.now().isBefore(expiresAt.minusSeconds(20))) {
            return token;
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                            + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "&client_secret="
                            + URLEncoder.encode(secret, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The identity provider refused client " + clientId);
            }
            var body = Json.read(response.body());
            token = body.get("access_token").asText();
            expiresAt = Instant.now().plusSeconds(body.path("expires_in").asLong(300));
            return token;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The identity provider is not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
