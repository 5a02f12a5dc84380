package io.authcloud.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/** Which access tokens the API serves, beyond what quarkus-oidc checks (signature, issuer, audience, expiry). */
@ConfigMapping(prefix = "authcloud.security")
public interface TokenConfig {

    /**
     * The clients ({@code azp}) whose tokens the API serves: the app, the services themselves, the relying parties
     * and the account security page. A token of any other client of the realm is refused, even with the API's
     * audience.
     */
    @WithDefault("authenticator-app,authcloud-services,sign-in-portal,account-web")
    Set<String> servedClients();
}
