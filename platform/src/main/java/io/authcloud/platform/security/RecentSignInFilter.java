package io.authcloud.platform.security;

import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemResponses;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.logging.Log;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Enforces {@link RecentSignIn}: answers 401 with the RFC 9470 challenge and a {@code step-up-required}
 * problem when {@link StepUpPolicy} refuses the token's sign-in.
 */
@Provider
@RecentSignIn
@Priority(Priorities.AUTHORIZATION + 10)
public class RecentSignInFilter implements ContainerRequestFilter {

    public static final ProblemType STEP_UP_REQUIRED =
            new ProblemType("step-up-required", "Sign in again to continue", 401);

    private final JsonWebToken token;
    private final StepUpPolicy policy;
    private final ProblemResponses responses;

    public RecentSignInFilter(JsonWebToken token, StepUpPolicy policy, ProblemResponses responses) {
        this.token = token;
        this.policy = policy;
        this.responses = responses;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String refusal = policy.refusal(token);
        if (refusal == null) {
            return;
        }
        Log.infof("Step-up required for %s %s: %s", request.getMethod(), request.getUriInfo().getPath(), refusal);
        StepUpConfig config = policy.config();
        long maxAge = config.maxAge().toSeconds();
        String acrValues = String.join(" ", config.acrValues());
        String challenge = "Bearer error=\"insufficient_user_authentication\", error_description=\"" + refusal
                + "\", acr_values=\"" + acrValues + "\", max_age=\"" + maxAge + "\"";
        Problem problem = Problem.of(STEP_UP_REQUIRED, "For your protection, sign in again with your password"
                        + " (within the last " + config.maxAge().toMinutes() + " minutes) before doing this.")
                .with("acrValues", acrValues)
                .with("maxAge", maxAge);
        request.abortWith(responses.of(problem, Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge)));
    }
}
