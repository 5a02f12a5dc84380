package io.authcloud.notification.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.notification.domain.signin.RelyingPartyLimit;
import io.authcloud.notification.domain.signin.SignInRequest;
import io.authcloud.notification.domain.signin.SignInService;
import io.authcloud.platform.security.CurrentPerson;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

/** Push sign-in approval with number matching: relying parties ask, phones answer. */
@Path("/v1/sign-in-requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in requests")
public class SignInRequestResource {

    /** A relying party's request. */
    @Schema(name = "SignInRequestCreate")
    public record CreateRequest(
            @NotBlank @Size(max = 200) String username,
            @NotBlank @Size(max = 200) @Pattern(regexp = ApiDocs.ID_PATTERN, message = ApiDocs.ID_MESSAGE) String accountRef,
            @NotBlank @Size(max = 200) String application,
            @Schema(description = "The tenant of a work or school account; omit for a personal account."
                    + " Only credentials proven by that tenant's activation code are asked.")
            @Size(min = 1, max = 200) @Pattern(regexp = ApiDocs.ID_PATTERN, message = ApiDocs.ID_MESSAGE) String tenant) {
    }

    /** A phone's answer. */
    @Schema(name = "SignInResponse")
    public record Answer(
            @NotBlank @Size(max = 128) String deviceId,
            @Schema(description = "The number the person read on the sign-in page; any other number denies the sign-in")
            @NotNull Integer number,
            @NotNull Boolean approve,
            @Schema(description = "ECDSA P-256 SHA-256 signature of the challenge's UTF-8 bytes, JOSE form (r‖s), base64url")
            @NotBlank @Size(max = 200) String signature) {
    }

    /** A request as the relying party follows it. */
    public record RequestView(UUID id, String status, Integer number, String application, String username,
            String accountRef, String tenant, Instant expiresAt, Instant answeredAt, String deviceId) {
        static RequestView of(SignInRequest r, boolean withNumber) {
            return new RequestView(r.id, r.status.name(), withNumber ? r.number : null, r.application, r.username, r.accountRef,
                    r.tenant, r.expiresAt, r.answeredAt, r.deviceId);
        }
    }

    private final SignInService signIns;
    private final RelyingPartyLimit relyingParties;
    private final CurrentPerson person;

    public SignInRequestResource(SignInService signIns, RelyingPartyLimit relyingParties, CurrentPerson person) {
        this.signIns = signIns;
        this.relyingParties = relyingParties;
        this.person = person;
    }

    @POST
    @RolesAllowed("sign-in-service")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask a person to approve a sign-in", description = "Pushes a challenge to every phone holding a"
            + " credential for the account; the answer gives the 2-digit number to show on the sign-in page. Expires in 60 s.")
    @APIResponse(responseCode = "201", description = "Pushed", content = @Content(schema = @Schema(implementation = RequestView.class)))
    @Extension(name = PROBLEMS, value = "not-found: no phone can approve for this user and account; rate-limited:"
            + " this relying party's requests a minute are used up (Retry-After)")
    public Uni<Response> create(@Valid @NotNull CreateRequest body) {
        String clientId = person.clientId();
        return relyingParties.take(clientId)
                .chain(() -> signIns.create(clientId, body.username(), body.accountRef(), body.tenant(), body.application()))
                .map(r -> Response.created(URI.create("/v1/sign-in-requests/" + r.id)).entity(RequestView.of(r, true)).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed("sign-in-service")
    @Operation(summary = "Follow a sign-in request: PENDING, APPROVED, DENIED or EXPIRED",
            description = "Only the relying party that made the request may read it.")
    @APIResponse(responseCode = "200", description = "The request", content = @Content(schema = @Schema(implementation = RequestView.class)))
    @Extension(name = PROBLEMS, value = "not-found: no such request, or another relying party's")
    public Uni<RequestView> read(@PathParam("id") UUID id) {
        return signIns.find(person.clientId(), id).map(r -> RequestView.of(r, true));
    }

    @POST
    @Path("/{id}/response")
    @RolesAllowed("user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer a sign-in request from the phone", description = "With the number shown on the sign-in"
            + " page (or, for a recovery's approval, on the phone being recovered) and the device's signature of the"
            + " challenge. Wrong number: denied. Only the authenticator app's tokens may answer. Every answer is audited.")
    @APIResponse(responseCode = "200", description = "APPROVED or DENIED", content = @Content(schema = @Schema(implementation = RequestView.class)))
    @Extension(name = PROBLEMS, value = "forbidden: this device holds no credential for the account; not-found"
            + " (also for a token not issued to the authenticator app); proof-already-used: already answered (a"
            + " replay); sign-in-request-expired; number-mismatch (the sign-in is denied); signature-invalid")
    public Uni<RequestView> respond(@PathParam("id") UUID id, @Valid @NotNull Answer body) {
        return signIns.respond(person.clientId(), person.sub(), id, body.deviceId(), body.number(), body.approve(), body.signature())
                .map(r -> RequestView.of(r, false));
    }
}
