package io.authcloud.platform.directory;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of Keycloak's admin API the services call, with the service's client-credentials token
 * ({@code authcloud-services}: realm-management {@code view-users}, and {@code manage-users} where a person
 * is signed out). Used only through {@link KeycloakDirectory}.
 */
@RegisterRestClient(configKey = "keycloak-admin")
@OidcClientFilter
@Path("/admin/realms/{realm}/users")
public interface KeycloakAdminClient {

    @GET
    Uni<List<DirectoryUser>> findByUsername(@PathParam("realm") String realm, @QueryParam("username") String username,
            @QueryParam("exact") boolean exact, @QueryParam("briefRepresentation") boolean brief);

    @GET
    @Path("/{id}")
    Uni<DirectoryUser> findById(@PathParam("realm") String realm, @PathParam("id") String id);

    /** Ends every session of the user: their refresh tokens stop working. */
    @POST
    @Path("/{id}/logout")
    Uni<Void> logout(@PathParam("realm") String realm, @PathParam("id") String id);
}
