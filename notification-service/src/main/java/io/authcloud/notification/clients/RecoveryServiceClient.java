package io.authcloud.notification.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * recovery-service's public API, called for the account security page with the person's own access token: the
 * recoveries under way, and cancelling one (which needs a recent sign-in there too).
 */
@RegisterRestClient(configKey = "recovery-service")
@Path("/v1")
public interface RecoveryServiceClient {

    /** What the page reads of {@code GET /v1/me}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Me(List<OpenRecovery> openRecoveries) {
    }

    /** A recovery under way. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @TemplateData
    record OpenRecovery(UUID id, String deviceId, String provider, String storageAccount, Instant expiresAt) {
    }

    @GET
    @Path("/me")
    Uni<Me> me(@HeaderParam("Authorization") String bearer);

    @DELETE
    @Path("/recoveries/{id}")
    Uni<Response> cancel(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);
}
