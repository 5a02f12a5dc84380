package io.authcloud.notification.directory;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Keycloak's admin API for one user, called with this service's client-credentials token (manage-users). */
@RegisterRestClient(configKey = "keycloak-admin")
@OidcClientFilter
@Path("/admin/realms/{realm}/users")
public interface KeycloakUsersClient {

    @GET
    @Path("/{id}")
    Uni<UserRecord> findById(@PathParam("realm") String realm, @PathParam("id") String id);

    /** Ends every session of the user: their refresh tokens stop working. */
    @POST
    @Path("/{id}/logout")
    Uni<Void> logout(@PathParam("realm") String realm, @PathParam("id") String id);

    @GET
    Uni<java.util.List<UserRecord>> findByUsername(@PathParam("realm") String realm,
            @jakarta.ws.rs.QueryParam("username") String username, @jakarta.ws.rs.QueryParam("exact") boolean exact);
}
