package io.authcloud.simulator.app;

import java.time.Instant;

/** The tokens the app keeps after signing in: the access token, the refresh token and their expiry. */
public record Tokens(String accessToken, String refreshToken, Instant accessExpiresAt, Instant signedInAt) {

    public boolean fresh() {
        return accessToken != null && Instant.now().isBefore(accessExpiresAt.minusSeconds(20));
    }
}
