package io.authcloud.recovery.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.security.RecentSignIn;
import io.authcloud.recovery.saga.DeclaredAccount;
import io.authcloud.recovery.saga.RecoveryAccount;
import io.authcloud.recovery.saga.RecoveryService;
import io.authcloud.recovery.saga.RecoverySession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recovering a backup on a new phone: start, declare push accounts, follow, release the key. */
@Path("/v1/recoveries")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Recoveries")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "forbidden: not an app user's token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class RecoveryResource {

    /** The request that starts a recovery. */
    @Schema(name = "StartRecoveryRequest")
    public record StartRequest(
            @NotNull @Pattern(regexp = Validation.PROVIDER, message = "must be icloud or google-drive") String provider,
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._~-]{1,128}", message = "must be 1 to 128 URL-safe characters") String storageAccount,
            @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:@-]+", message = "may contain only letters, digits and . _ : @ -") String deviceId,
            @NotNull @Pattern(regexp = Validation.PLATFORM, message = "must be ios or android") String platform,
            @Schema(description = "How many accounts the app holds now: recovery needs an empty app", required = true)
            @NotNull @Min(0) @Max(100000) Integer existingAccountCount) {
    }

    /** The backup a recovery restores: what will be restored. */
    public record BackupView(String provider, String storageAccount, int version, Integer sizeBytes, Instant updatedAt,
            String deviceId, String keyId) {
    }

    /** An account of a recovery. */
    public record AccountView(String accountRef, String kind, String tenant, String method, String state) {
        static AccountView of(RecoveryAccount a) {
            return new AccountView(a.accountRef, a.kind, a.tenant, a.method(), a.state);
        }
    }

    /** A recovery session. */
    public record RecoveryView(UUID id, String status, String deviceId, String platform, BackupView backup,
            Instant createdAt, Instant expiresAt, Instant completedAt, int keyReleases, List<AccountView> accounts) {
        static RecoveryView of(RecoverySession s, List<RecoveryAccount> accounts) {
            return new RecoveryView(s.id, s.status, s.deviceId, s.platform, new BackupView(s.provider, s.storageAccount,
                    s.backupVersion, s.backupSize, s.backupUpdatedAt, s.backupDeviceId, s.keyId), s.createdAt, s.expiresAt,
                    s.completedAt, s.keyReleases, accounts.stream().map(AccountView::of).toList());
        }
    }

    /** The released backup key. */
    public record KeyView(String key, String keyId) {
        @Override
        public String toString() {
            return "KeyView[keyId=" + keyId + "]";
        }
    }

    private final RecoveryService recoveries;
    private final JsonWebToken token;

    public RecoveryResource(RecoveryService recoveries, JsonWebToken token) {
        this.recoveries = recoveries;
        this.token = token;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start recovering a backup on this phone", description = "Answers with the recovery and what it"
            + " will restore, or with why it cannot: existing-accounts, backup-on-other-platform, backup-deleted,"
            + " backup-not-found. A second start on the same device returns the open recovery.")
    @APIResponse(responseCode = "201", description = "Started", content = @Content(schema = @Schema(implementation = RecoveryView.class)))
    @APIResponse(responseCode = "200", description = "This device's open recovery", content = @Content(schema = @Schema(implementation = RecoveryView.class)))
    @APIResponse(responseCode = "400", description = "invalid-request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "backup-not-found: what to check", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "existing-accounts, or backup-on-other-platform (where it is)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "backup-deleted, with restoreDeadline", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> start(@Valid @NotNull StartRequest body) {
        Validation.platformMatches(body.provider(), body.platform());
        return recoveries.start(token.getSubject(), body.provider(), body.storageAccount(), body.deviceId(), body.platform(),
                        body.existingAccountCount())
                .map(started -> (started.created()
                        ? Response.created(URI.create("/v1/recoveries/" + started.session().id)) : Response.ok())
                        .entity(RecoveryView.of(started.session(), List.of())).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The state of a recovery and of each account")
    @APIResponse(responseCode = "200", description = "The recovery", content = @Content(schema = @Schema(implementation = RecoveryView.class)))
    @APIResponse(responseCode = "404", description = "not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecoveryView> read(@PathParam("id") UUID id) {
        return recoveries.find(token.getSubject(), id).map(view -> RecoveryView.of(view.session(), view.accounts()));
    }

    @PUT
    @Path("/{id}/accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Declare the push-enabled accounts restored", description = "Third-party TOTP accounts are never"
            + " declared. The answer gives each account its verification method: sign-in (personal) or qr (work, school).")
    @RequestBody(content = @Content(schema = @Schema(example = "{\"accounts\":[{\"accountRef\":\"personal\",\"kind\":\"personal\"},"
            + "{\"accountRef\":\"contoso-work\",\"kind\":\"work\",\"tenant\":\"contoso\"}]}")))
    @APIResponse(responseCode = "200", description = "The recovery with its accounts", content = @Content(schema = @Schema(implementation = RecoveryView.class)))
    @APIResponse(responseCode = "400", description = "invalid-request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "recovery-closed: completed or expired", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RecoveryView> declare(@PathParam("id") UUID id, JsonNode body) {
        return recoveries.declareAccounts(token.getSubject(), id, accounts(body))
                .map(view -> RecoveryView.of(view.session(), view.accounts()));
    }

    @GET
    @Path("/{id}/key")
    @RecentSignIn
    @Operation(summary = "Release the backup key", description = "To the owner of an open recovery, after a password"
            + " sign-in within 5 minutes, at most 5 times; locked after 10 failed verifications in a day.")
    @APIResponse(responseCode = "200", description = "The key", content = @Content(schema = @Schema(implementation = KeyView.class)))
    @APIResponse(responseCode = "401", description = "step-up-required (WWW-Authenticate: insufficient_user_authentication)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such recovery, or the key was never escrowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "recovery-closed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "423", description = "verification-locked", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> key(@PathParam("id") UUID id) {
        return recoveries.releaseKey(token.getSubject(), id).map(released -> Response
                .ok(new KeyView(Base64.getEncoder().encodeToString(released.key()), released.keyId()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build());
    }

    /** Reads {@code {"accounts": [...]}} (or a bare array) into declared accounts, checking each. */
    private static List<DeclaredAccount> accounts(JsonNode body) {
        JsonNode list = body == null ? null : body.isArray() ? body : body.get("accounts");
        if (list == null || !list.isArray()) {
            throw Validation.invalid("accounts", "is required: a list of {accountRef, kind, tenant}");
        }
        List<DeclaredAccount> accounts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String field = "accounts[" + i + "]";
            String ref = item.path("accountRef").asText(null);
            String kind = item.path("kind").asText(null);
            String tenant = item.hasNonNull("tenant") ? item.get("tenant").asText() : null;
            if (ref == null || !Validation.IDENTIFIER.matcher(ref).matches()) {
                throw Validation.invalid(field + ".accountRef", "is required: letters, digits and . _ : @ -, at most 200");
            }
            if (!seen.add(ref)) {
                throw Validation.invalid(field + ".accountRef", "is declared twice");
            }
            if (kind == null || !kind.matches("personal|work|school")) {
                throw Validation.invalid(field + ".kind", "must be personal, work or school");
            }
            if (!"personal".equals(kind) && (tenant == null || !Validation.IDENTIFIER.matcher(tenant).matches())) {
                throw Validation.invalid(field + ".tenant", "is required for a " + kind + " account");
            }
            accounts.add(new DeclaredAccount(ref, kind, "personal".equals(kind) ? null : tenant));
        }
        return accounts;
    }
}
