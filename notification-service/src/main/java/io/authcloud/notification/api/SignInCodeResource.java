package io.authcloud.notification.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.notification.domain.credentials.CredentialService;
import io.authcloud.notification.domain.signin.RelyingPartyLimit;
import io.authcloud.platform.security.CurrentPerson;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Relying parties check a TOTP code a person typed from any of their phones. */
@Path("/v1/sign-ins")
@RolesAllowed("sign-in-service")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-ins")
public class SignInCodeResource {

    /** A code to check. */
    @Schema(name = "VerifyCodeRequest")
    public record CodeCheck(@NotBlank @Size(max = 200) String username,
            @NotBlank @Pattern(regexp = "\\d{6}", message = "must be 6 digits") String code) {
        @Override
        public String toString() {
            return "CodeCheck[username=" + username + "]";
        }
    }

    /** An accepted code: which device's credential produced it. */
    public record Accepted(boolean accepted, UUID credentialId, String deviceId, String accountRef) {
    }

    private final CredentialService credentials;
    private final RelyingPartyLimit relyingParties;
    private final CurrentPerson person;

    public SignInCodeResource(CredentialService credentials, RelyingPartyLimit relyingParties, CurrentPerson person) {
        this.credentials = credentials;
        this.relyingParties = relyingParties;
        this.person = person;
    }

    @POST
    @Path("/verify-code")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a TOTP code against every active phone of the person", description = "Each phone has its"
            + " own secret, so codes differ between phones and each works; a code is accepted once.")
    @APIResponse(responseCode = "200", description = "Accepted", content = @Content(schema = @Schema(implementation = Accepted.class)))
    @Extension(name = PROBLEMS, value = "code-invalid: wrong, expired or already used; verification-locked: 100"
            + " wrong codes in a row, until an approved push sign-in unlocks; rate-limited: too many wrong codes for"
            + " this user (5 minutes, or the UTC day), or this relying party's requests a minute are used up"
            + " (Retry-After)")
    public Uni<Accepted> verify(@Valid @NotNull CodeCheck body) {
        return relyingParties.take(person.clientId())
                .chain(() -> credentials.verifyCode(body.username(), body.code()))
                .map(c -> new Accepted(true, c.id, c.deviceId, c.accountRef));
    }
}
