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

/** Applies {@link TokenRules} to every API request that carries a token: 401 {@code invalid-token} otherwise. */
@Provider
@Priority(Priorities.AUTHENTICATION + 1)
public class TokenRulesFilter implements ContainerRequestFilter {

    private final JsonWebToken token;
    private final TokenRules rules;
    private final ProblemResponses responses;

    public TokenRulesFilter(JsonWebToken token, TokenRules rules, ProblemResponses responses) {
        this.token = token;
        this.rules = rules;
        this.responses = responses;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String refusal = rules.refusal(token);
        if (refusal == null) {
            return;
        }
        Log.infof("Token refused for %s %s: %s", request.getMethod(), request.getUriInfo().getPath(), refusal);
        request.abortWith(responses.of(Problem.of(ProblemType.INVALID_TOKEN, refusal + ". Sign in with the authcloud app."),
                Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\"" + refusal + "\"")));
    }
}
