package io.authcloud.platform.security;

import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemResponses;
import io.quarkus.logging.Log;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Enforces {@link RecentSignIn}: answers 401 with the RFC 9470 challenge and a {@code step-up-required}
 * problem when {@link StepUpPolicy} refuses the token's sign-in.
 */
@Provider
@RecentSignIn
@Priority(Priorities.AUTHORIZATION + 10)
public class RecentSignInFilter implements ContainerRequestFilter {

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
        ProblemException challenge = policy.challenge(refusal);
        request.abortWith(responses.of(challenge.problem(), challenge.headers()));
    }
}
