package io.authcloud.verification.api;

import io.authcloud.verification.domain.Caller;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads who is calling from the access token of the current request. */
final class Callers {

    private Callers() {
    }

    static Caller from(JsonWebToken token) {
        return new Caller(token.getSubject(), claim(token, "preferred_username"), claim(token, "email"),
                Boolean.parseBoolean(claim(token, "email_verified")), claim(token, "phone_number"),
                claim(token, "tenant"));
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        return value == null ? null : value.toString().replace("\"", "");
    }
}
