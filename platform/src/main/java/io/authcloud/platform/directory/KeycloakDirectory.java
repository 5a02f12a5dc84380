package io.authcloud.platform.directory;

import io.authcloud.platform.http.PlainText;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The identity provider's directory of people, the one client of Keycloak's admin API. One rule for every
 * call: 3 s timeout, two retries of a failure that is not the caller's (a 4xx is never retried), and a
 * circuit breaker that only Keycloak's own failures open (a 4xx, which a caller's input can provoke, never
 * does: one relying party's malformed usernames must not cut everybody off). A person who does not exist,
 * or a username Keycloak refuses to search for, is an answer (empty), not a failure. A service that uses it sets {@code authcloud.directory.enabled=true} and adds the REST client,
 * OIDC client filter and fault tolerance extensions.
 */
@ApplicationScoped
@IfBuildProperty(name = "authcloud.directory.enabled", stringValue = "true")
public class KeycloakDirectory {

    private final KeycloakAdminClient keycloak;
    private final String realm;

    public KeycloakDirectory(@RestClient KeycloakAdminClient keycloak,
            @ConfigProperty(name = "authcloud.directory.realm", defaultValue = "authcloud") String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    /** The person with this {@code sub}, if any. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ClientErrorException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = ClientErrorException.class)
    public Uni<Optional<DirectoryUser>> bySub(String sub) {
        return keycloak.findById(realm, sub).map(Optional::ofNullable)
                .onFailure(KeycloakDirectory::isNotFound).recoverWithItem(Optional.empty());
    }

    /**
     * The person who holds this username now (case-insensitive, exact), if any. Resolved at the identity
     * provider each time, so an earlier holder of the same username never answers.
     */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ClientErrorException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = ClientErrorException.class)
    public Uni<Optional<DirectoryUser>> byUsername(String username) {
        if (!couldBeAUsername(username)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return keycloak.findByUsername(realm, username, true, false)
                .map(users -> users.stream().filter(user -> user.username().equalsIgnoreCase(username)).findFirst())
                .onFailure(KeycloakDirectory::isRefusedQuery).recoverWithItem(Optional.empty());
    }

    /**
     * Signs the person out everywhere: every Keycloak session ends and its refresh tokens stop working.
     * Access tokens already issued live out their few minutes. Someone who no longer exists has no session.
     */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = ClientErrorException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = ClientErrorException.class)
    public Uni<Void> signOutEverywhere(String sub) {
        return keycloak.logout(realm, sub).onFailure(KeycloakDirectory::isNotFound).recoverWithNull();
    }

    /**
     * Keycloak's usernames are at most 255 characters of plain text: anything else is held by nobody, and is
     * not sent to Keycloak (whose refusal, or the client's, would count as a failure).
     */
    static boolean couldBeAUsername(String username) {
        return username != null && !username.isEmpty() && username.length() <= 255 && PlainText.isPlain(username);
    }

    /** A username Keycloak will not even search for (too long, malformed) is held by nobody. */
    private static boolean isRefusedQuery(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse() != null
                && List.of(400, 404, 414).contains(web.getResponse().getStatus());
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse() != null
                && web.getResponse().getStatus() == 404;
    }
}
