package io.authcloud.verification.directory;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Finds users of the identity provider and the tenant they belong to; resilient to a slow Keycloak. */
@ApplicationScoped
public class TenantDirectory {

    private final KeycloakAdminClient keycloak;
    private final String realm;

    public TenantDirectory(@RestClient KeycloakAdminClient keycloak,
            @ConfigProperty(name = "authcloud.directory.realm", defaultValue = "authcloud") String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    /** The user with this username, if any. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = WebApplicationException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<Optional<DirectoryUser>> byUsername(String username) {
        return keycloak.findByUsername(realm, username, true, false)
                .map(users -> users.stream().filter(user -> user.username().equalsIgnoreCase(username)).findFirst());
    }

    /** The user with this {@code sub}, if any. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = WebApplicationException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Uni<Optional<DirectoryUser>> bySub(String sub) {
        return keycloak.findById(realm, sub)
                .map(Optional::ofNullable)
                .onFailure(WebApplicationException.class).recoverWithUni(e -> {
                    if (((WebApplicationException) e).getResponse().getStatus() == 404) {
                        return Uni.createFrom().item(Optional.empty());
                    }
                    Log.warnf("Keycloak admin API answered %d", ((WebApplicationException) e).getResponse().getStatus());
                    return Uni.createFrom().failure(e);
                });
    }
}
