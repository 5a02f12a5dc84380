package io.authcloud.recovery.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.authcloud.recovery.domain.catalogue.BackupFact;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** backup-service's internal listing of a person's backups, called with this service's client credentials. */
@RegisterRestClient(configKey = "backup-service")
@OidcClientFilter
@Path("/internal/v1/backups")
public interface BackupServiceClient {

    @GET
    Uni<Listing> ofOwner(@QueryParam("owner") String owner);

    /** The listing's shape, read tolerantly. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Listing(List<BackupFact> backups) {
    }
}
