package io.authcloud.loadtest;

import java.util.Arrays;
import java.util.List;

/**
 * A relying party (a sign-in service) that asks people to approve sign-ins: a confidential client of the
 * realm with the role {@code sign-in-service}, signed in by client credentials. Its secret is never printed.
 */
final class RelyingParty {

    final String clientId;
    private final String secret;
    private volatile Tokens tokens;

    private RelyingParty(String clientId, String secret) {
        this.clientId = clientId;
        this.secret = secret;
    }

    /**
     * {@code -DsignInClients}: {@code id:secret} pairs separated by commas; by default the local realm's two
     * relying parties (deploy/local/keycloak/authcloud-realm.json), sign-in-portal and other-portal.
     */
    static List<RelyingParty> fromSettings() {
        String given = Settings.string("signInClients",
                "sign-in-portal:sign-in-portal-local-secret,other-portal:other-portal-local-secret");
        return Arrays.stream(given.split(",")).map(String::trim).filter(pair -> !pair.isEmpty()).map(pair -> {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("-DsignInClients wants id:secret pairs separated by commas");
            }
            return new RelyingParty(pair.substring(0, colon), pair.substring(colon + 1));
        }).toList();
    }

    void signIn(Keycloak keycloak, TokenKeeper keeper) {
        tokens = keycloak.clientCredentials(clientId, secret);
        keeper.keep(() -> tokens, () -> keycloak.clientCredentials(clientId, secret), renewed -> tokens = renewed);
    }

    String accessToken() {
        return tokens.accessToken();
    }

    @Override
    public String toString() {
        return clientId;
    }
}
