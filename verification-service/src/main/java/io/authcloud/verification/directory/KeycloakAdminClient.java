package io.authcloud.verification.directory;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of Keycloak's admin API that tells which tenant a user belongs to, called with this
 * service's client-credentials token ({@code authcloud-services}, realm-management {@code view-users}).
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
}
