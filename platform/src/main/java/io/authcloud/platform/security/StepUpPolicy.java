package io.authcloud.platform.security;

import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Decides whether a token's sign-in is recent and strong enough (RFC 9470). Quarkus's own
 * {@code @AuthenticationContext} falls back to {@code iat} when {@code auth_time} is absent, which would
 * let a password-grant token (issued without an interactive sign-in) pass; here {@code auth_time} is
 * required, may not lie in the future, and time is read from the injected clock.
 */
@ApplicationScoped
public class StepUpPolicy {

    /** Clocks of the identity provider and of the services may differ this much. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

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
        long now = clock.instant().getEpochSecond();
        if (signedInAt > now + CLOCK_SKEW.toSeconds()) {
            return "The token says you signed in in the future";
        }
        if (now - signedInAt > config.maxAge().toSeconds()) {
            return "The sign-in is too old";
        }
        Object acr = token.getClaim("acr");
        String acrValue = acr == null ? null : acr.toString().replace("\"", "");
        if (acrValue == null || !config.acrValues().contains(acrValue)) {
            return "A different authentication level is required";
        }
        return null;
    }

    /** Fails with the RFC 9470 challenge unless the token's sign-in is recent and strong enough. */
    public void require(JsonWebToken token) {
        String refusal = refusal(token);
        if (refusal != null) {
            throw challenge(refusal);
        }
    }

    /**
     * The answer to a sign-in that is not recent or strong enough: 401 {@code step-up-required} with
     * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication"} and the {@code acr_values}
     * and {@code max_age} the app must ask the identity provider for.
     */
    public ProblemException challenge(String refusal) {
        long maxAge = config.maxAge().toSeconds();
        String acrValues = String.join(" ", config.acrValues());
        Problem problem = Problem.of(ProblemType.STEP_UP_REQUIRED, "For your protection, sign in again with your password"
                        + " (within the last " + config.maxAge().toMinutes() + " minutes) before doing this.")
                .with("acrValues", acrValues)
                .with("maxAge", maxAge);
        return new ProblemException(problem).header(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"insufficient_user_authentication\", error_description=\"" + refusal
                        + "\", acr_values=\"" + acrValues + "\", max_age=\"" + maxAge + "\"");
    }

    public StepUpConfig config() {
        return config;
    }

    static Long number(Object claim) {
        if (claim instanceof Number number) {
            return number.longValue();
        }
        if (claim instanceof JsonNumber number) {
            return number.longValue();
        }
        return null;
    }
}
