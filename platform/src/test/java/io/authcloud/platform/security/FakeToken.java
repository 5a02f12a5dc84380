package io.authcloud.platform.security;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A token made of the given claims, for the rules that read them. */
record FakeToken(Map<String, Object> claims) implements JsonWebToken {

    @Override
    public String getName() {
        return (String) claims.get("sub");
    }

    @Override
    public Set<String> getClaimNames() {
        return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String name) {
        return (T) (name.equals("raw_token") ? "header.payload.signature" : claims.get(name));
    }
}
