package io.authcloud.verification.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.verification.domain.Caller;
import io.authcloud.verification.domain.qr.QrActivationService;
import io.authcloud.verification.domain.qr.QrImages;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenant admins issue QR activation codes for their own users' work or school accounts. */
@Path("/v1/qr-activations")
@RolesAllowed("tenant-admin")
@Tag(name = "QR activations")
public class QrActivationResource {

    /** What the admin shows the user: the code (once), where it is redeemed, until when, and the QR image. */
    public record ActivationResponse(UUID id, String activationCode, String url, Instant expiresAt, String qrImage,
            String payload, String tenant, String username, String accountRef) {
    }

    private final QrActivationService activations;
    private final CurrentPerson person;

    public QrActivationResource(QrActivationService activations, CurrentPerson person) {
        this.activations = activations;
        this.person = person;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an activation code", description = "Only for a work or school account of a user of the"
            + " admin's own tenant.")
    @APIResponse(responseCode = "201", description = "Issued; the code is shown this once", content = @Content(schema = @Schema(implementation = ActivationResponse.class)))
    @Extension(name = PROBLEMS, value = "invalid-request; forbidden: not a tenant admin, the user is not of the"
            + " admin's tenant, or the account is a personal one (named personal, or verified by the person by"
            + " email or SMS), one answer for all")
    public Uni<Response> issue(@Valid @NotNull Requests.QrActivation body) {
        String username = body.username() == null || body.username().isBlank() ? null : body.username();
        String sub = body.sub() == null || body.sub().isBlank() ? null : body.sub();
        return activations.issue(caller(), username, sub, body.accountRef()).map(issued -> {
            var a = issued.activation();
            String image = "/v1/qr-activations/" + a.id + "/qr.png";
            return Response.created(URI.create(image))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .entity(new ActivationResponse(a.id, issued.code(), a.url, a.expiresAt, image,
                            QrImages.payload(issued.code(), a.url), a.tenant, a.targetUsername, a.accountRef))
                    .build();
        });
    }

    @GET
    @Path("/{id}/qr.png")
    @Produces("image/png")
    @Operation(summary = "The QR image of an activation code", description = "While it is unused and unexpired.")
    @APIResponse(responseCode = "200", description = "PNG", content = @Content(mediaType = "image/png"))
    @Extension(name = PROBLEMS, value = "not-found: no such activation in the admin's tenant;"
            + " activation-code-invalid: used or expired")
    public Uni<Response> image(@PathParam("id") UUID id) {
        return activations.image(caller(), id).map(png -> Response.ok(png, "image/png")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    private Caller caller() {
        return Caller.of(person);
    }
}
