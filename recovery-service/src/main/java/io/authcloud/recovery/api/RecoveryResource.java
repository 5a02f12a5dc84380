package io.authcloud.recovery.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.platform.crypto.DevicePublicKeys;
import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.platform.security.RecentSignIn;
import io.authcloud.recovery.domain.release.KeyReleaseService;
import io.authcloud.recovery.domain.release.RecoveryApproval;
import io.authcloud.recovery.domain.saga.RecoveryAccount;
import io.authcloud.recovery.domain.saga.RecoveryService;
import io.authcloud.recovery.domain.saga.RecoverySession;
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
import jakarta.ws.rs.DELETE;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recovering a backup on a new phone: start, declare push accounts, follow, release the key. */
@Path("/v1/recoveries")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Recoveries")
public class RecoveryResource {

    /** The request that starts a recovery. */
    @Schema(name = "StartRecoveryRequest")
    public record StartRequest(
            @NotNull @Pattern(regexp = Validation.PROVIDER, message = "must be icloud or google-drive") String provider,
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._~-]{1,128}", message = "must be 1 to 128 URL-safe characters") String storageAccount,
            @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:@-]+", message = "may contain only letters, digits and . _ : @ -") String deviceId,
            @NotNull @Pattern(regexp = Validation.PLATFORM, message = "must be ios or android") String platform,
            @Schema(description = "How many accounts the app holds now: recovery needs an empty app", required = true)
            @NotNull @Min(0) @Max(100000) Integer existingAccountCount,
            @Schema(description = "The public half (P-256 JWK, no private part) of a key pair this phone made for the"
                    + " recovery: the backup key is released encrypted for it", required = true)
            @NotNull Map<String, Object> devicePublicKey) {
    }

    /** The backup a recovery restores: what will be restored. */
    public record BackupView(String provider, String storageAccount, int version, Integer sizeBytes, Instant updatedAt,
            String deviceId, String keyId) {
    }

    /** An account of a recovery. */
    public record AccountView(String accountRef, String kind, String tenant, String method, String state) {
        static AccountView of(RecoveryAccount a) {
            return new AccountView(a.accountRef, a.kind == null ? null : a.kind.wire(), a.tenant, a.method(), a.state.name());
        }
    }

    /** A recovery session. */
    public record RecoveryView(UUID id, String status, String deviceId, String platform, BackupView backup,
            Instant createdAt, Instant expiresAt, Instant completedAt, int keyReleases,
            @Schema(description = "Where the key release stands: state (SECOND_FACTOR_REQUIRED, APPROVAL_PENDING, READY,"
                    + " RELEASED, LOCKED, CLOSED), the second-factor methods available now (email, sms, device), what"
                    + " proved it, and the approval request on another phone") KeyReleaseService.Status keyRelease,
            List<AccountView> accounts) {
        static RecoveryView of(RecoverySession s, List<RecoveryAccount> accounts, KeyReleaseService.Status keyRelease) {
            return new RecoveryView(s.id, s.status.name(), s.deviceId, s.platform, new BackupView(s.provider, s.storageAccount,
                    s.backupVersion, s.backupSize, s.backupUpdatedAt, s.backupDeviceId, s.keyId), s.createdAt, s.expiresAt,
                    s.completedAt, s.keyReleases, keyRelease, accounts.stream().map(AccountView::of).toList());
        }
    }

    /** An approval request on the person's other phones: show {@code number}, they enter it there. */
    public record ApprovalView(UUID id, int number, String state, Instant expiresAt) {
        static ApprovalView of(RecoveryApproval approval, Instant now) {
            return new ApprovalView(approval.id, approval.number, approval.stateAt(now).name(), approval.expiresAt);
        }
    }

    /** The released backup key, as a JWE only the recovering phone opens. */
    public record KeyView(String keyId,
            @Schema(description = "Compact JWE (ECDH-ES+A256KW, A256GCM, typ authcloud-backup-key+jwe) for the phone's"
                    + " devicePublicKey; its plaintext is the 32-byte backup key") String wrappedKey) {
    }

    private final RecoveryService recoveries;
    private final KeyReleaseService keyReleases;
    private final CurrentPerson person;

    public RecoveryResource(RecoveryService recoveries, KeyReleaseService keyReleases, CurrentPerson person) {
        this.recoveries = recoveries;
        this.keyReleases = keyReleases;
        this.person = person;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start recovering a backup on this phone", description = "Answers with the recovery and what it"
            + " will restore, or with why it cannot: existing-accounts, recovery-in-progress, device-in-use,"
            + " backup-on-other-platform, backup-deleted, backup-not-found. A second start on the same device for the"
            + " same backup returns the open recovery (its key is never changed).")
    @APIResponse(responseCode = "201", description = "Started", content = @Content(schema = @Schema(implementation = RecoveryView.class)))
    @APIResponse(responseCode = "200", description = "This device's open recovery", content = @Content(schema = @Schema(implementation = RecoveryView.class)))
    @Extension(name = PROBLEMS, value = "invalid-request; backup-not-found: what to check; existing-accounts;"
            + " recovery-in-progress (this phone recovers another backup); device-in-use (this phone holds your"
            + " credentials: not a new phone); backup-on-other-platform (where it is); backup-deleted, with"
            + " restoreDeadline")
    public Uni<Response> start(@Valid @NotNull StartRequest body) {
        Validation.platformMatches(body.provider(), body.platform());
        String devicePublicKey = DevicePublicKeys.canonical("devicePublicKey", body.devicePublicKey());
        return recoveries.start(person.sub(), body.provider(), body.storageAccount(), body.deviceId(), body.platform(),
                        body.existingAccountCount(), devicePublicKey)
                .flatMap(started -> keyReleases.status(started.session(), contact()).map(status -> (started.created()
                        ? Response.created(URI.create("/v1/recoveries/" + started.session().id)) : Response.ok())
                        .entity(RecoveryView.of(started.session(), List.of(), status)).build()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The state of a recovery and of each account")
    @APIResponse(responseCode = "200", description = "The recovery", content = @Content(schema = @Schema(implementation = RecoveryView.class)))
    @Extension(name = PROBLEMS, value = "not-found")
    public Uni<RecoveryView> read(@PathParam("id") UUID id) {
        return recoveries.find(person.sub(), id).flatMap(this::withKeyRelease);
    }

    @DELETE
    @Path("/{id}")
    @RecentSignIn
    @Operation(summary = "Cancel a recovery", description = "An open recovery is cancelled: it releases no key and takes"
            + " no event any more. Cancelling a cancelled recovery changes nothing.")
    @APIResponse(responseCode = "204", description = "Cancelled")
    @Extension(name = PROBLEMS, value = "step-up-required (WWW-Authenticate: insufficient_user_authentication);"
            + " not-found; recovery-closed: completed or expired")
    public Uni<Response> cancel(@PathParam("id") UUID id) {
        return recoveries.cancel(person.sub(), id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/approvals")
    @RecentSignIn
    @Operation(summary = "Ask your other phones to approve this recovery", description = "The second factor by device:"
            + " every other phone of yours holding your personal account's credential gets a push; show the number"
            + " answered here and enter it there. Valid 2 minutes; a new request replaces the previous one.")
    @APIResponse(responseCode = "201", description = "Asked: show the number", content = @Content(schema = @Schema(implementation = ApprovalView.class)))
    @Extension(name = PROBLEMS, value = "step-up-required (WWW-Authenticate: insufficient_user_authentication);"
            + " not-found; recovery-closed; no-approving-device: no other phone holds your personal credential;"
            + " verification-locked; rate-limited: too many approval requests today")
    public Uni<Response> requestApproval(@PathParam("id") UUID id) {
        return keyReleases.requestApproval(person.sub(), id).map(approval -> Response
                .created(URI.create("/v1/recoveries/" + id + "/approvals/" + approval.id))
                .entity(ApprovalView.of(approval, approval.requestedAt)).build());
    }

    @PUT
    @Path("/{id}/accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Declare the push-enabled accounts restored", description = "Third-party TOTP accounts are never"
            + " declared. The answer gives each account its verification method: sign-in (personal) or qr (work, school).")
    @RequestBody(content = @Content(schema = @Schema(example = "{\"accounts\":[{\"accountRef\":\"personal\",\"kind\":\"personal\"},"
            + "{\"accountRef\":\"contoso-work\",\"kind\":\"work\",\"tenant\":\"contoso\"}]}")))
    @APIResponse(responseCode = "200", description = "The recovery with its accounts", content = @Content(schema = @Schema(implementation = RecoveryView.class)))
    @Extension(name = PROBLEMS, value = "invalid-request; not-found; recovery-closed: completed or expired")
    public Uni<RecoveryView> declare(@PathParam("id") UUID id, @Valid @NotNull DeclareAccountsRequest body) {
        return recoveries.declareAccounts(person.sub(), id, body.declared()).flatMap(this::withKeyRelease);
    }

    @GET
    @Path("/{id}/key")
    @RecentSignIn
    @Operation(summary = "Release the backup key", description = "To the owner of an open recovery, after a password"
            + " sign-in within 5 minutes and a second factor for this recovery (a code by email or SMS, or another"
            + " phone's approval); at most 5 releases per person a day; locked after 10 failed verifications in a day.")
    @APIResponse(responseCode = "200", description = "The key", content = @Content(schema = @Schema(implementation = KeyView.class)))
    @Extension(name = PROBLEMS, value = "step-up-required (WWW-Authenticate: insufficient_user_authentication);"
            + " second-factor-required (with the methods available); forbidden (the person's releases of the day"
            + " are used up); not-found: no such recovery, or the key was never escrowed; recovery-closed;"
            + " verification-locked")
    public Uni<Response> key(@PathParam("id") UUID id) {
        return keyReleases.release(person.sub(), id, contact()).map(released -> Response
                .ok(new KeyView(released.keyId(), released.wrappedKey()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build());
    }

    private Uni<RecoveryView> withKeyRelease(RecoveryService.View view) {
        return keyReleases.status(view.session(), contact())
                .map(status -> RecoveryView.of(view.session(), view.accounts(), status));
    }

    /** The ways to reach the caller that their token names (a second factor by code goes there); an email only once verified. */
    private KeyReleaseService.Contact contact() {
        return new KeyReleaseService.Contact(present(person.email()) && person.emailVerified(), present(person.phone()));
    }

    private static boolean present(String claim) {
        return claim != null && !claim.isBlank();
    }
}
