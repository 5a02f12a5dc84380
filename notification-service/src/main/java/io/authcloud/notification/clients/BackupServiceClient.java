package io.authcloud.notification.clients;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * backup-service's public API, called for the account security page with the person's own access token (the
 * page's session): the person's backups, and deleting or restoring one. The same rules as for the app apply.
 */
@RegisterRestClient(configKey = "backup-service")
@Path("/v1/backups")
public interface BackupServiceClient {

    /** One backup as the list answers it (tolerant reader). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @TemplateData
    record Backup(String provider, String platform, String storageAccount, int version, String etag, Integer accountCount,
            String deviceId, Instant updatedAt, boolean deleted, Instant restoreDeadline) {
    }

    /** {@code GET /v1/backups}: {@code {backups: [...]}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Backups(List<Backup> backups) {
    }

    @GET
    Uni<Backups> list(@HeaderParam("Authorization") String bearer);

    @DELETE
    @Path("/{provider}/{storageAccount}")
    Uni<Response> delete(@HeaderParam("Authorization") String bearer, @HeaderParam("If-Match") String ifMatch,
            @PathParam("provider") String provider, @PathParam("storageAccount") String storageAccount);

    @POST
    @Path("/{provider}/{storageAccount}/restore")
    Uni<Response> restore(@HeaderParam("Authorization") String bearer, @PathParam("provider") String provider,
            @PathParam("storageAccount") String storageAccount);
}
