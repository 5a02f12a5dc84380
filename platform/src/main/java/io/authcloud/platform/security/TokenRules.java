package io.authcloud.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The rules every access token must keep on top of quarkus-oidc's checks: it was issued to a client the
 * API serves ({@code azp}), and it does not claim a sign-in in the future ({@code auth_time}).
 */
@ApplicationScoped
public class TokenRules {

    private final TokenConfig config;
    private final Clock clock;

    public TokenRules(TokenConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Why the token is refused, or null when it keeps the rules (or there is no token). */
    public String refusal(JsonWebToken token) {
        if (token == null || token.getRawToken() == null) {
            return null;
        }
        String client = text(token.getClaim("azp"));
        if (client == null) {
            client = text(token.getClaim("client_id"));
        }
        if (client == null || !config.servedClients().contains(client)) {
            return "The token was issued to a client this API does not serve";
        }
        Long signedInAt = StepUpPolicy.number(token.getClaim("auth_time"));
        if (signedInAt != null && signedInAt > clock.instant().getEpochSecond() + StepUpPolicy.CLOCK_SKEW.toSeconds()) {
            return "The token says you signed in in the future";
        }
        return null;
    }

    private static String text(Object claim) {
        if (claim == null) {
            return null;
        }
        String value = claim.toString().replace("\"", "");
        return value.isBlank() ? null : value;
    }
}
