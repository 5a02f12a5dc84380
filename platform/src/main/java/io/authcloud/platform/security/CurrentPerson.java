package io.authcloud.platform.security;

import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who the current request speaks for, as its access token says: one reading of the claims for every
 * service. The token is already verified (signature, issuer, audience, expiry, served client) when a
 * resource asks.
 */
@RequestScoped
public class CurrentPerson {

    private final JsonWebToken token;

    public CurrentPerson(JsonWebToken token) {
        this.token = token;
    }

    /** The verified access token itself, for the rules that read it whole (step-up). */
    public JsonWebToken token() {
        return token;
    }

    /** The person's stable id ({@code sub}); every record a person owns is keyed by it. */
    public String sub() {
        return token.getSubject();
    }

    /** {@code preferred_username}. */
    public String username() {
        return claim("preferred_username");
    }

    public String email() {
        return claim("email");
    }

    public boolean emailVerified() {
        return Boolean.parseBoolean(claim("email_verified"));
    }

    /** {@code phone_number}, E.164. */
    public String phone() {
        return claim("phone_number");
    }

    /** The tenant of a work or school account's admin, or of the person; null for none. */
    public String tenant() {
        return claim("tenant");
    }

    /** The client the token was issued to: its {@code azp}, else its {@code client_id}; never null. */
    public String clientId() {
        String azp = claim("azp");
        return azp != null ? azp : String.valueOf(claim("client_id"));
    }

    /** A claim as text, without the quotes a JSON string claim may carry; null when absent. */
    public String claim(String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }
}
