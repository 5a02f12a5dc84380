package io.authcloud.notification.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.notification.domain.credentials.CredentialService;
import io.authcloud.notification.domain.credentials.PushCredential;
import io.authcloud.notification.domain.notices.ThisWasntMe;
import io.authcloud.platform.crypto.Base32;
import io.authcloud.platform.crypto.DevicePublicKeys;
import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.platform.security.RecentSignIn;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Device-bound push credentials: issued once per verification, listed by device, revoked. */
@Path("/v1/push-credentials")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Push credentials")
public class PushCredentialResource {

    /** The request for a credential, with the verification that allows it. */
    @Schema(name = "PushCredentialRequest")
    public record IssueRequest(
            @NotNull UUID verificationId,
            @NotBlank @Size(max = 200) @Pattern(regexp = ApiDocs.ID_PATTERN, message = ApiDocs.ID_MESSAGE) String accountRef,
            @NotBlank @Size(max = 128) @Pattern(regexp = ApiDocs.ID_PATTERN, message = ApiDocs.ID_MESSAGE) String deviceId,
            @Schema(description = "The device's P-256 public key as a JWK ({kty: EC, crv: P-256, x, y})", required = true)
            Map<String, Object> publicKey) {
    }

    /** An issued credential; for a personal account, with its TOTP secret, shown this once. */
    public record Issued(UUID id, String accountRef, String kind, String tenant, String deviceId, String status,
            Instant createdAt, String totpSecret, String otpauthUri) {
    }

    /** A credential as listed. */
    public record CredentialView(UUID id, String accountRef, String kind, String tenant, String status, Instant createdAt,
            Instant revokedAt, String revokedReason) {
        static CredentialView of(PushCredential c) {
            return new CredentialView(c.id, c.accountRef, c.kind.wire(), c.tenant, c.status.name(), c.createdAt, c.revokedAt, c.revokedReason);
        }
    }

    /** The caller's credentials on one device. */
    public record DeviceCredentials(String deviceId, List<CredentialView> credentials) {
    }

    /** The answer of "this wasn't me". */
    public record NotMeResult(
            @Schema(description = "How many credentials were revoked") int revoked,
            @Schema(description = "Credentials issued from then on were revoked") Instant since,
            @Schema(description = "\"requested\": every session of the person is being ended") String signOut,
            String message) {
    }

    /** The body of "this wasn't me". */
    public record NotMeRequest(@NotBlank @Size(max = 100) String token) {
    }

    private final CredentialService credentials;
    private final ThisWasntMe notMe;
    private final CurrentPerson person;
    private final Template notMePage;

    public PushCredentialResource(CredentialService credentials, ThisWasntMe notMe, CurrentPerson person,
            @Location("pages/not-me.html") Template notMePage) {
        this.notMePage = notMePage;
        this.credentials = credentials;
        this.notMe = notMe;
        this.person = person;
    }

    @POST
    @RolesAllowed("user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create the device-bound credential a verification allows", description = "Once per successful"
            + " verification of that account on that device. For a personal account the answer carries a TOTP secret"
            + " unique to this device (RFC 6238, SHA-1, 6 digits, 30 s), shown this once.")
    @APIResponse(responseCode = "201", description = "Issued", content = @Content(schema = @Schema(implementation = Issued.class)))
    @Extension(name = PROBLEMS, value = "invalid-request: e.g. the public key is not a P-256 public JWK;"
            + " forbidden: the verification was for another account or device, proved a key release, the device"
            + " was reported with \"this wasn't me\", or the account's active credentials are of another kind;"
            + " not-found: someone else's verification; proof-already-used; verification-pending (Retry-After:"
            + " 1); verification-expired: older than 10 minutes")
    public Uni<Response> issue(@Valid @NotNull IssueRequest body) {
        String publicKey = DevicePublicKeys.canonical(body.publicKey());
        String username = person.username();
        return credentials.issue(person.sub(), username, body.verificationId(), body.accountRef(), body.deviceId(), publicKey)
                .map(issued -> {
                    PushCredential c = issued.credential();
                    String secret = issued.totpSecret() == null ? null : Base32.encode(issued.totpSecret());
                    String uri = secret == null ? null : "otpauth://totp/authcloud:" + encode(username) + "?secret=" + secret
                            + "&issuer=authcloud&algorithm=SHA1&digits=6&period=30";
                    return Response.created(URI.create("/v1/push-credentials/" + c.id))
                            .header(HttpHeaders.CACHE_CONTROL, "no-store")
                            .entity(new Issued(c.id, c.accountRef, c.kind.wire(), c.tenant, c.deviceId, c.status.name(), c.createdAt, secret, uri))
                            .build();
                });
    }

    @GET
    @RolesAllowed("user")
    @Operation(summary = "List the caller's credentials by device")
    @APIResponse(responseCode = "200", description = "Credentials grouped by device")
    public Uni<List<DeviceCredentials>> list() {
        return credentials.list(person.sub()).map(all -> {
            Map<String, List<CredentialView>> byDevice = all.stream().collect(Collectors.groupingBy(c -> c.deviceId,
                    LinkedHashMap::new, Collectors.mapping(CredentialView::of, Collectors.toList())));
            return byDevice.entrySet().stream().map(e -> new DeviceCredentials(e.getKey(), e.getValue())).toList();
        });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("user")
    @RecentSignIn
    @Operation(summary = "Revoke a credential (a lost phone)", description = "Needs a recent interactive sign-in: a stolen"
            + " token alone cannot take the person's credentials from them.")
    @APIResponse(responseCode = "204", description = "Revoked (revoking again changes nothing)")
    @Extension(name = PROBLEMS, value = "step-up-required: sign in again (WWW-Authenticate names acr_values and"
            + " max_age); not-found")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return credentials.revoke(person.sub(), id, "revoked by the owner").map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("/not-me")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "\"This wasn't me\"", description = "The single-use token of a security notice revokes every"
            + " credential issued to the person since the recovery started (or since the credential was issued), bars the"
            + " device the notice named (unless it held the person's credentials from before then), stops the person's"
            + " recoveries and signs them out everywhere. No bearer token: the mailed token is the proof.")
    @APIResponse(responseCode = "200", description = "What was revoked; sign-out requested", content = @Content(schema = @Schema(implementation = NotMeResult.class)))
    @Extension(name = PROBLEMS, value = "not-found: the link was used, expired or never issued")
    public Uni<NotMeResult> notMe(@Valid @NotNull NotMeRequest body) {
        return notMe.notMe(body.token()).map(outcome -> new NotMeResult(outcome.revoked(), outcome.since(), "requested",
                "We revoked " + outcome.revoked() + " sign-in credential" + (outcome.revoked() == 1 ? "" : "s")
                        + " issued since then and are signing you out everywhere. Change your password now: whoever did"
                        + " this may know it."));
    }

    @GET
    @Path("/not-me")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The page behind the mail's \"this wasn't me\" link", description = "Asks for a confirmation;"
            + " only the POST revokes, so that a mail scanner opening links revokes nothing. The token is in the link's"
            + " fragment (#token=...), which browsers never send to a server.")
    public String notMePage() {
        return notMePage.render();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
