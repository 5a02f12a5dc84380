package io.authcloud.notification.api;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, as the token says: the client (relying party or app) a request is bound to. */
final class Callers {

    private Callers() {
    }

    /** The client the token was issued to: its {@code azp}, else its {@code client_id}; never null. */
    static String clientId(JsonWebToken token) {
        String azp = claim(token, "azp");
        return azp != null ? azp : String.valueOf(claim(token, "client_id"));
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value.toString();
        // Claims may come as JSON strings, quotes included.
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }
}
