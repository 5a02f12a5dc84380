package io.authcloud.recovery.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.platform.http.WritePrecondition;
import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.platform.security.StepUpPolicy;
import io.authcloud.recovery.domain.escrow.KeyEscrow;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The app escrows the backup key here at backup time, apart from the encrypted blob. */
@Path("/v1/recovery-keys")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Recovery keys")
public class RecoveryKeyResource {

    /** The key to escrow. */
    @Schema(name = "EscrowKeyRequest")
    public record EscrowRequest(
            @Schema(description = "The 256-bit AES backup key, standard base64", required = true) @NotBlank @Size(max = 100) String key,
            @Schema(description = "The key's id, as the backup's keyId names it", required = true)
            @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "may contain only letters, digits and . _ : -") String keyId) {

        @Override
        public String toString() {
            return "EscrowRequest[keyId=" + keyId + "]";
        }
    }

    /** What was escrowed (never the key itself); {@code id} is {@code provider/storageAccount}, as the path names it. */
    public record Escrowed(String id, String provider, String storageAccount, String keyId, int version, Instant escrowedAt) {
    }

    private final KeyEscrow escrow;
    private final StepUpPolicy stepUp;
    private final CurrentPerson person;

    public RecoveryKeyResource(KeyEscrow escrow, StepUpPolicy stepUp, CurrentPerson person) {
        this.escrow = escrow;
        this.stepUp = stepUp;
        this.person = person;
    }

    @PUT
    @Path("/{provider}/{storageAccount}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Escrow a backup key", description = "Stored wrapped by a key-encryption key. If-None-Match: *"
            + " escrows a new key id; If-Match with the escrow's ETag replaces the key of the same key id and needs a"
            + " password sign-in within 5 minutes. Each escrow is mailed to you.")
    @APIResponse(responseCode = "201", description = "Escrowed", content = @Content(schema = @Schema(implementation = Escrowed.class)))
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(schema = @Schema(implementation = Escrowed.class)))
    @Extension(name = PROBLEMS, value = "invalid-request: e.g. the key is not 32 bytes of base64;"
            + " step-up-required: replacing a key needs a recent sign-in; version-conflict: the key id is"
            + " escrowed already, or not at that version; precondition-required: send If-None-Match: * or"
            + " If-Match")
    public Uni<Response> escrow(@PathParam("provider") String provider, @PathParam("storageAccount") String storageAccount,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @Valid @NotNull EscrowRequest body) {
        Validation.location(provider, storageAccount);
        WritePrecondition precondition = WritePrecondition.of(ifMatch, ifNoneMatch);
        if (precondition instanceof WritePrecondition.Matches) {
            // Replacing the key that opens a backup is what a stolen token would do to sabotage recovery.
            stepUp.require(person.token());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(body.key());
        } catch (IllegalArgumentException e) {
            throw Validation.invalid("key", "must be standard base64");
        }
        if (key.length != 32) {
            throw Validation.invalid("key", "must be a 256-bit key: 32 bytes once decoded");
        }
        return escrow.escrow(person.sub(), provider, storageAccount, body.keyId(), key, precondition).map(escrowed -> {
            var k = escrowed.key();
            return (escrowed.created() ? Response.created(URI.create("/v1/recovery-keys/" + provider + "/" + storageAccount))
                    : Response.ok())
                    .tag(new EntityTag(Integer.toString(k.version)))
                    .entity(new Escrowed(k.provider + "/" + k.storageAccount, k.provider, k.storageAccount, k.keyId, k.version,
                            k.escrowedAt)).build();
        });
    }
}
