package io.authcloud.backup.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.backup.domain.BackupStore;
import io.authcloud.platform.problem.FieldError;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * For other authcloud services only (realm role {@code authcloud-service}, client credentials): a
 * person's backups, without ciphertext, so that recovery-service can confirm what its event-fed
 * catalogue says. Not routed by the gateway.
 */
@Path("/internal/v1/backups")
@RolesAllowed("authcloud-service")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class InternalBackupResource {

    private final BackupStore store;

    public InternalBackupResource(BackupStore store) {
        this.store = store;
    }

    @GET
    @Operation(summary = "A person's backups (service-to-service)")
    @APIResponse(responseCode = "200", description = "The person's backups, deleted ones included")
    @Extension(name = PROBLEMS, value = "forbidden: not an authcloud service")
    public Uni<BackupSummary.Page> ofOwner(@QueryParam("owner") String owner) {
        if (owner == null || owner.isBlank() || owner.length() > 64) {
            throw RequestParsing.invalid(List.of(new FieldError("owner", "is required: the person's sub")));
        }
        return store.list(owner).map(backups -> new BackupSummary.Page(backups.stream().map(BackupSummary::of).toList()));
    }
}
