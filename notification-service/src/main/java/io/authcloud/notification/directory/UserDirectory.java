package io.authcloud.notification.directory;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The identity provider as this service needs it: a person's email and username, and signing them out. */
@ApplicationScoped
public class UserDirectory {

    private final KeycloakUsersClient keycloak;
    private final String realm;

    public UserDirectory(@RestClient KeycloakUsersClient keycloak,
            @ConfigProperty(name = "authcloud.directory.realm", defaultValue = "authcloud") String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<UserRecord> find(String sub) {
        // A person who no longer exists is an answer (null), not a failure: it must not open the breaker.
        return keycloak.findById(realm, sub).onFailure(UserDirectory::isNotFound).recoverWithNull();
    }

    /**
     * Signs the person out everywhere ("this wasn't me"): every Keycloak session ends and its refresh
     * tokens stop working. Access tokens already issued live out their few minutes.
     */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<Void> signOutEverywhere(String sub) {
        // Someone who no longer exists has no session left to end.
        return keycloak.logout(realm, sub).onFailure(UserDirectory::isNotFound).recoverWithNull();
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof jakarta.ws.rs.WebApplicationException web && web.getResponse() != null
                && web.getResponse().getStatus() == 404;
    }

    /**
     * The current {@code sub} of a username, as relying parties name people. Resolved at the identity
     * provider each time, so credentials of an earlier holder of the same username never answer.
     */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<java.util.Optional<String>> subOf(String username) {
        return keycloak.findByUsername(realm, username, true).map(users -> users.stream()
                .filter(user -> user.username().equalsIgnoreCase(username)).map(UserRecord::id).findFirst());
    }
}
