package io.authcloud.backup.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.backup.config.BackupConfig;
import io.authcloud.backup.domain.Backup;
import io.authcloud.backup.domain.BackupProblems;
import io.authcloud.backup.domain.BackupStore;
import io.authcloud.backup.domain.BackupTransfers;
import io.authcloud.backup.domain.NewVersion;
import io.authcloud.backup.domain.StorageLocation;
import io.authcloud.backup.domain.WriteRateLimiter;
import io.authcloud.platform.http.WritePrecondition;
import io.authcloud.platform.problem.FieldError;
import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.platform.security.RecentSignIn;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * The app's backups, one per storage location. Only the owner (the token's {@code sub}) ever sees a
 * backup; another person's is answered exactly like a missing one.
 */
@Path("/v1/backups")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Backups", description = "Encrypted backups per provider and storage account")
@APIResponse(responseCode = "403", description = "forbidden: the token is not an app user's (e.g. a tenant admin's)")
public class BackupResource {

    private static final String LOCATION = "/{provider}/{storageAccount}";

    private final BackupStore store;
    private final WriteRateLimiter rateLimiter;
    private final BackupConfig config;
    private final CurrentPerson person;
    private final BackupTransfers transfers;
    private final Clock clock;

    public BackupResource(BackupStore store, WriteRateLimiter rateLimiter, BackupConfig config, CurrentPerson person,
            BackupTransfers transfers, Clock clock) {
        this.store = store;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.person = person;
        this.transfers = transfers;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "List the caller's backups", description = "Every storage location holding a backup of the"
            + " caller, deleted ones included with their restore deadline: what a recovery would restore.")
    @APIResponse(responseCode = "200", description = "The caller's backups",
            content = @Content(schema = @Schema(implementation = BackupSummary.Page.class)))
    public Uni<BackupSummary.Page> list() {
        return store.list(owner()).map(backups -> new BackupSummary.Page(backups.stream().map(BackupSummary::of).toList()));
    }

    @PUT
    @Path(LOCATION)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a backup", description = "Create with If-None-Match: *; replace with"
            + " If-Match: the ETag last read. Writes without a precondition are refused so no update is ever lost.")
    @APIResponse(responseCode = "201", description = "Created; the ETag names the version",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = BackupWriteResponse.class)))
    @APIResponse(responseCode = "200", description = "Replaced; the ETag names the new version",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = BackupWriteResponse.class)))
    @Extension(name = PROBLEMS, value = "invalid-request, with the invalid fields in errors; version-conflict:"
            + " the ETag is stale or the backup exists (the current version is in the problem); payload-too-large:"
            + " the ciphertext exceeds 1 MiB; precondition-required: send If-None-Match: * or If-Match;"
            + " rate-limited, with Retry-After")
    public Uni<Response> write(@PathParam("provider") String provider,
            @PathParam("storageAccount") String storageAccount,
            @Parameter(description = "The ETag to replace, e.g. \"3\"") @RestHeader("If-Match") String ifMatch,
            @Parameter(description = "* to create") @RestHeader("If-None-Match") String ifNoneMatch,
            @Valid @NotNull BackupWriteRequest body) {
        StorageLocation location = RequestParsing.location(provider, storageAccount);
        if (body.platform() != location.provider().platform()) {
            throw RequestParsing.invalid(List.of(new FieldError("platform", "must be "
                    + location.provider().platform() + " for " + location.provider().displayName()
                    + ": backups never move between platforms")));
        }
        WritePrecondition precondition = WritePrecondition.of(ifMatch, ifNoneMatch);
        NewVersion content = new NewVersion(RequestParsing.ciphertext(body.ciphertext(), config.maxCiphertextBytes()),
                body.keyId(), body.formatVersion(), body.deviceId(), body.platform(), body.accountCount());
        String owner = owner();
        return rateLimiter.acquire(owner)
                .chain(() -> store.write(owner, location, precondition, content))
                .map(written -> (written.created()
                                ? Response.created(URI.create("/v1/backups/" + location.provider() + "/" + storageAccount))
                                : Response.ok())
                        .tag(entityTag(written.backup()))
                        .entity(BackupWriteResponse.of(written.backup()))
                        .build());
    }

    @GET
    @Path(LOCATION)
    @Operation(summary = "Download a backup", description = "The current version with its ciphertext; honours If-None-Match.")
    @APIResponse(responseCode = "200", description = "The backup", headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = BackupResponse.class)))
    @APIResponse(responseCode = "304", description = "The caller already holds the current version")
    @Extension(name = PROBLEMS, value = "backup-not-found; backup-deleted, with restoreDeadline")
    public Uni<Response> read(@PathParam("provider") String provider, @PathParam("storageAccount") String storageAccount,
            @RestHeader("If-None-Match") String ifNoneMatch) {
        StorageLocation location = RequestParsing.location(provider, storageAccount);
        String owner = owner();
        if (ifNoneMatch == null) {
            return store.current(owner, location).map(BackupResource::withCiphertext);
        }
        // A device checking whether it holds the latest version needs no ciphertext loaded.
        return store.live(owner, location).flatMap(backup -> RequestParsing.notModified(ifNoneMatch, backup.currentVersion)
                ? Uni.createFrom().item(Response.notModified().tag(entityTag(backup)).build())
                : store.current(owner, location).map(BackupResource::withCiphertext));
    }

    private static Response withCiphertext(BackupStore.Current current) {
        return Response.ok(BackupResponse.of(current.backup(), current.ciphertext()))
                .tag(entityTag(current.backup()))
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .build();
    }

    @GET
    @Path(LOCATION + "/versions")
    @Operation(summary = "List the kept versions", description = "The newest versions, newest first; the newest"
            + " non-empty version is always among them, and so is every version pinned (keptUntil) because it"
            + " stood before a burst of writes.")
    @APIResponse(responseCode = "200", description = "The kept versions", content = @Content(schema = @Schema(implementation = VersionSummary.Page.class)))
    @Extension(name = PROBLEMS, value = "backup-not-found; backup-deleted")
    public Uni<VersionSummary.Page> versions(@PathParam("provider") String provider,
            @PathParam("storageAccount") String storageAccount) {
        StorageLocation location = RequestParsing.location(provider, storageAccount);
        return store.versions(owner(), location).map(versions -> {
            int current = versions.isEmpty() ? 0 : versions.get(0).version();
            return new VersionSummary.Page(versions.stream().map(v -> VersionSummary.of(v, current)).toList());
        });
    }

    @GET
    @Path(LOCATION + "/versions/{version}")
    @Operation(summary = "Download a kept version")
    @APIResponse(responseCode = "200", description = "That version with its ciphertext", content = @Content(schema = @Schema(implementation = BackupResponse.class)))
    @Extension(name = PROBLEMS, value = "backup-not-found: no backup, or that version is not kept; backup-deleted")
    public Uni<Response> version(@PathParam("provider") String provider, @PathParam("storageAccount") String storageAccount,
            @PathParam("version") String version) {
        StorageLocation location = RequestParsing.location(provider, storageAccount);
        int number = versionNumber(version);
        return store.version(owner(), location, number).map(BackupResource::withCiphertext);
    }

    @DELETE
    @Path(LOCATION)
    @Operation(summary = "Delete a backup", description = "Soft delete: the backup can be restored for 30 days, then it is purged.")
    @APIResponse(responseCode = "204", description = "Deleted; restorable until the deadline")
    @Extension(name = PROBLEMS, value = "backup-not-found; backup-deleted: already deleted; version-conflict:"
            + " If-Match given and stale, or If-None-Match: *; invalid-request: a malformed If-Match or If-None-Match; rate-limited")
    public Uni<Response> delete(@PathParam("provider") String provider, @PathParam("storageAccount") String storageAccount,
            @RestHeader("If-Match") String ifMatch, @RestHeader("If-None-Match") String ifNoneMatch) {
        StorageLocation location = RequestParsing.location(provider, storageAccount);
        WritePrecondition precondition = WritePrecondition.of(ifMatch, ifNoneMatch);
        String owner = owner();
        return rateLimiter.acquire(owner)
                .chain(() -> store.delete(owner, location, precondition))
                .map(deleted -> Response.noContent().build());
    }

    @POST
    @Path(LOCATION + "/restore")
    @Operation(summary = "Restore a deleted backup", description = "Undoes a deletion before its restore deadline.")
    @APIResponse(responseCode = "200", description = "The backup, live again", content = @Content(schema = @Schema(implementation = BackupSummary.class)))
    @Extension(name = PROBLEMS, value = "backup-not-found; backup-deleted: the restore deadline has passed;"
            + " rate-limited")
    public Uni<BackupSummary> restore(@PathParam("provider") String provider,
            @PathParam("storageAccount") String storageAccount) {
        StorageLocation location = RequestParsing.location(provider, storageAccount);
        String owner = owner();
        return rateLimiter.acquire(owner)
                .chain(() -> store.restore(owner, location))
                .map(BackupSummary::of);
    }

    @POST
    @Path(LOCATION + "/transfers")
    @RecentSignIn
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move a backup to another location", description = "Copies the current version to another"
            + " provider or storage account (an iPhone's iCloud backup to Google Drive for a new Android phone), with the"
            + " escrowed key, once the person proves a transfer verification (secondFactor) on the device named. Needs a"
            + " password sign-in within the last 5 minutes. The source stays until the person deletes it.")
    @APIResponse(responseCode = "201", description = "Asked; it waits for the second factor",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @APIResponse(responseCode = "200", description = "The open transfer of this backup to the same place from the same device",
            content = @Content(schema = @Schema(implementation = TransferView.class)))
    @Extension(name = PROBLEMS, value = "invalid-request; step-up-required; backup-not-found; backup-deleted;"
            + " transfer-target-in-use: a live backup is at the target; rate-limited")
    public Uni<Response> transfer(@PathParam("provider") String provider, @PathParam("storageAccount") String storageAccount,
            @Valid @NotNull TransferRequest body) {
        StorageLocation source = RequestParsing.location(provider, storageAccount);
        StorageLocation target = RequestParsing.target(body.targetProvider(), body.targetStorageAccount());
        if (target.equals(source)) {
            throw RequestParsing.invalid(List.of(new FieldError("targetStorageAccount",
                    "must name another location than the backup's own")));
        }
        String owner = owner();
        return rateLimiter.acquire(owner)
                .chain(() -> transfers.request(owner, source, target, body.deviceId()))
                .map(requested -> (requested.created()
                                ? Response.created(URI.create("/v1/backups/" + source.provider() + "/" + storageAccount
                                        + "/transfers/" + requested.transfer().id))
                                : Response.ok())
                        .entity(TransferView.of(requested.transfer(), clock.instant()))
                        .build());
    }

    @GET
    @Path(LOCATION + "/transfers/{id}")
    @Operation(summary = "Follow a transfer", description = "SECOND_FACTOR_REQUIRED, then COMPLETED (target.version set)"
            + " or FAILED (failure says why); REPLACED by a newer request; EXPIRED when no second factor came in time.")
    @APIResponse(responseCode = "200", description = "The transfer", content = @Content(schema = @Schema(implementation = TransferView.class)))
    @Extension(name = PROBLEMS, value = "not-found: no such transfer of this backup of yours")
    public Uni<TransferView> transferStatus(@PathParam("provider") String provider,
            @PathParam("storageAccount") String storageAccount, @PathParam("id") String id) {
        StorageLocation source = RequestParsing.location(provider, storageAccount);
        UUID transferId = RequestParsing.uuid(id);
        if (transferId == null) {
            throw BackupProblems.transferNotFound();
        }
        return transfers.find(owner(), source, transferId).map(transfer -> TransferView.of(transfer, clock.instant()));
    }

    private static EntityTag entityTag(Backup backup) {
        return new EntityTag(Integer.toString(backup.currentVersion));
    }

    private String owner() {
        return person.sub();
    }

    private static int versionNumber(String version) {
        try {
            int number = Integer.parseInt(version);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RequestParsing.invalid(List.of(new FieldError("version", "must be a positive whole number")));
    }
}
