package io.authcloud.notification.domain.account;

import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.platform.crypto.KeyedHash;
import io.authcloud.platform.crypto.MasterSecret;
import io.authcloud.platform.security.StepUpPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What guards the account security page's forms. Each form carries a token bound to the person and to their
 * Keycloak session (an HMAC of {@code sub} and the ID token's {@code sid} under a key of this service: the
 * synchronizer-token pattern, so no state is kept and every replica checks it), and a browser's {@code Origin},
 * when sent, must be the page's own. Acting on a device or a recovery also needs a recent sign-in, exactly as the
 * API asks of the app (platform {@link StepUpPolicy}: within 5 minutes, with a password).
 */
@ApplicationScoped
public class PageGuard {

    private static final String CONTEXT = "account-page-form";

    private final KeyedHash forms;
    private final StepUpPolicy stepUp;
    private final String identityProviderOrigin;

    public PageGuard(NotificationConfig config, StepUpPolicy stepUp,
            @ConfigProperty(name = "quarkus.oidc.account.auth-server-url") String authServerUrl) {
        this.forms = MasterSecret.ofBase64(config.secretKey()).keyedHash("account-page-csrf");
        this.stepUp = stepUp;
        this.identityProviderOrigin = origin(URI.create(authServerUrl));
    }

    /** The token the page's forms carry for this person's session. */
    public String formToken(JsonWebToken idToken) {
        return forms.hex(CONTEXT, session(idToken));
    }

    /** Whether a posted form came from this person's page in this session. */
    public boolean acceptsForm(JsonWebToken idToken, String token, String origin, String pageOrigin) {
        if (origin != null && !origin.equals(pageOrigin)) {
            return false;
        }
        return token != null && token.length() == 64 && forms.matches(token, CONTEXT, session(idToken));
    }

    /** Why the session's sign-in is not recent or strong enough to act on a device or a recovery; null when it is. */
    public String staleSignIn(JsonWebToken idToken) {
        return stepUp.refusal(idToken);
    }

    /** Keycloak's origin: where the page's forms may lead (a sign-in that expired answers with a redirect there). */
    public String identityProviderOrigin() {
        return identityProviderOrigin;
    }

    private static String session(JsonWebToken idToken) {
        Object sid = idToken.getClaim("sid");
        return idToken.getSubject() + "\n" + (sid != null ? sid.toString() : String.valueOf(idToken.getIssuedAtTime()));
    }

    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
