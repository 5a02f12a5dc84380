package io.authcloud.loadtest;

import java.time.Instant;

/**
 * A person's tokens: the access token, the refresh token, when the access token expires, and when the
 * person last entered their password (a refresh keeps that time: step-up needs it recent).
 */
record Tokens(String accessToken, String refreshToken, Instant accessExpiresAt, Instant signedInAt) {

    /** Never the tokens themselves: they must not reach a log. */
    @Override
    public String toString() {
        return "Tokens[expires " + accessExpiresAt + ", signed in " + signedInAt + "]";
    }
}
