package io.authcloud.verification.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.platform.security.RecentSignIn;
import io.authcloud.verification.config.VerificationConfig;
import io.authcloud.verification.domain.Caller;
import io.authcloud.verification.domain.Purpose;
import io.authcloud.verification.domain.VerificationService;
import io.authcloud.verification.domain.qr.QrActivationService;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Step-up verification of a restored account on a new phone: by a code sent by email or SMS, or by QR. */
@Path("/v1/verifications")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Verifications")
public class VerificationResource {

    private final VerificationService verifications;
    private final QrActivationService activations;
    private final VerificationConfig config;
    private final CurrentPerson person;

    public VerificationResource(VerificationService verifications, QrActivationService activations,
            VerificationConfig config, CurrentPerson person) {
        this.verifications = verifications;
        this.activations = activations;
        this.config = config;
        this.person = person;
    }

    @POST
    @RecentSignIn
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a verification: send a code", description = "Needs a password sign-in within the"
            + " last 5 minutes (RFC 9470). The code goes to the verified email or the phone number of the signed-in account.")
    @APIResponse(responseCode = "201", description = "Code sent; the destination is masked", content = @Content(schema = @Schema(implementation = VerificationResponse.class)))
    @Extension(name = PROBLEMS, value = "invalid-request; destination-unavailable: no verified email / no phone"
            + " number on record; rate-limited, with Retry-After")
    public Uni<Response> start(@Valid @NotNull Requests.StartVerification body) {
        Purpose purpose = body.purpose() == null ? Purpose.ACCOUNT : body.purpose();
        return verifications.start(caller(), purpose, body.recoveryId(), body.transferId(), body.erasureId(), body.accountRef(),
                        body.deviceId(), body.channel())
                .map(v -> Response.created(URI.create("/v1/verifications/" + v.id))
                        .entity(VerificationResponse.of(v, config)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a verification")
    @APIResponse(responseCode = "200", description = "The verification", content = @Content(schema = @Schema(implementation = VerificationResponse.class)))
    @Extension(name = PROBLEMS, value = "not-found")
    public Uni<VerificationResponse> read(@PathParam("id") UUID id) {
        return verifications.find(caller(), id).map(v -> VerificationResponse.of(v, config));
    }

    @POST
    @Path("/{id}/otp")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enter the code")
    @APIResponse(responseCode = "200", description = "Verified", content = @Content(schema = @Schema(implementation = VerificationResponse.class)))
    @Extension(name = PROBLEMS, value = "proof-already-used: already verified; verification-expired;"
            + " code-invalid, with attemptsLeft; verification-locked after 5 wrong codes; rate-limited: too many"
            + " wrong codes this hour")
    public Uni<VerificationResponse> submitCode(@PathParam("id") UUID id, @Valid @NotNull Requests.Code body) {
        return verifications.submitCode(caller(), id, body.code()).map(v -> VerificationResponse.of(v, config));
    }

    @POST
    @Path("/{id}/resend")
    @Operation(summary = "Send a new code", description = "After a 60-second cool-down, at most 5 codes per verification.")
    @APIResponse(responseCode = "200", description = "A new code was sent; the old one no longer works", content = @Content(schema = @Schema(implementation = VerificationResponse.class)))
    @Extension(name = PROBLEMS, value = "proof-already-used; verification-expired; verification-locked;"
            + " rate-limited: cool-down, send limit, or destination limit, with Retry-After")
    public Uni<VerificationResponse> resend(@PathParam("id") UUID id) {
        return verifications.resend(caller(), id).map(v -> VerificationResponse.of(v, config));
    }

    @POST
    @Path("/qr")
    @RecentSignIn
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem a QR activation code", description = "For a work or school account: the code a"
            + " tenant admin issued for you and this account; single use, valid 15 minutes. Needs a password"
            + " sign-in within the last 5 minutes (RFC 9470), so a stolen token alone cannot activate a work account.")
    @APIResponse(responseCode = "201", description = "Verified", content = @Content(schema = @Schema(implementation = VerificationResponse.class)))
    @Extension(name = PROBLEMS, value = "activation-code-invalid: wrong, expired, reused, or not yours;"
            + " rate-limited")
    public Uni<Response> redeem(@Valid @NotNull Requests.QrRedemption body) {
        return activations.redeem(caller(), body.activationCode(), body.url(), body.accountRef(), body.deviceId())
                .map(v -> Response.created(URI.create("/v1/verifications/" + v.id))
                        .entity(VerificationResponse.of(v, config)).build());
    }

    private Caller caller() {
        return Caller.of(person);
    }
}
