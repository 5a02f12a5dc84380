package io.authcloud.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import java.time.Clock;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Decides whether a token's sign-in is recent and strong enough (RFC 9470). Quarkus's own
 * {@code @AuthenticationContext} falls back to {@code iat} when {@code auth_time} is absent, which would
 * let a password-grant token (issued without an interactive sign-in) pass; here {@code auth_time} is
 * required, and time is read from the injected clock.
 */
@ApplicationScoped
public class StepUpPolicy {

    private final StepUpConfig config;
    private final Clock clock;

    public StepUpPolicy(StepUpConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Why the token's sign-in is not recent or strong enough, or null when it is. */
    public String refusal(JsonWebToken token) {
        if (token == null || token.getRawToken() == null) {
            return "A bearer token is required";
        }
        // The principal reports an absent auth_time as 0.
        Long signedInAt = number(token.getClaim("auth_time"));
        if (signedInAt == null || signedInAt <= 0) {
            return "The token does not say when you signed in";
        }
        if (clock.instant().getEpochSecond() - signedInAt > config.maxAge().toSeconds()) {
            return "The sign-in is too old";
        }
        Object acr = token.getClaim("acr");
        String acrValue = acr == null ? null : acr.toString().replace("\"", "");
        if (acrValue == null || !config.acrValues().contains(acrValue)) {
            return "A different authentication level is required";
        }
        return null;
    }

    public StepUpConfig config() {
        return config;
    }

    private static Long number(Object claim) {
        if (claim instanceof Number number) {
            return number.longValue();
        }
        if (claim instanceof JsonNumber number) {
            return number.longValue();
        }
        return null;
    }
}
