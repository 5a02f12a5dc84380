package io.authcloud.platform.security;

import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemResponses;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link TokenRules} to every API request that carries a token: 401 {@code invalid-token}
 * otherwise. The identity is resolved without blocking (authentication is lazy, and a path open to
 * anyone, such as "this wasn't me", has not resolved it yet); an anonymous request passes untouched.
 */
public class TokenRulesFilter {

    private final CurrentIdentityAssociation identity;
    private final TokenRules rules;
    private final ProblemResponses responses;

    public TokenRulesFilter(CurrentIdentityAssociation identity, TokenRules rules, ProblemResponses responses) {
        this.identity = identity;
        this.rules = rules;
        this.responses = responses;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 1)
    public Uni<Response> refuseUnservedTokens(ContainerRequestContext request) {
        return identity.getDeferredIdentity().map(caller -> {
            if (caller.isAnonymous() || !(caller.getPrincipal() instanceof JsonWebToken token)) {
                return null;
            }
            String refusal = rules.refusal(token);
            if (refusal == null) {
                return null;
            }
            Log.infof("Token refused for %s %s: %s", request.getMethod(), request.getUriInfo().getPath(), refusal);
            return responses.of(Problem.of(ProblemType.INVALID_TOKEN, refusal + ". Sign in with the authcloud app."),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\"" + refusal + "\""));
        });
    }
}
