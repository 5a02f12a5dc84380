package io.authcloud.notification.api;

import io.authcloud.notification.domain.account.AccountActions;
import io.authcloud.notification.domain.account.PageGuard;
import io.authcloud.notification.domain.account.SecurityOverview;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The account security page, for a person whose phone is lost: signed in with Keycloak in a browser (the
 * authorization code flow; quarkus-oidc tenant {@code account}, a session cookie), they see their devices, backups,
 * recoveries under way and recent activity, and revoke a device, cancel a recovery, delete or restore a backup. Server
 * rendered (Qute), no script; every form posts back here and is answered by a redirect to the page
 * (post/redirect/get) with what happened. Not part of the API: no OpenAPI operation.
 */
@Path("/account/security")
public class AccountPage {

    private static final MediaType HTML = MediaType.valueOf("text/html;charset=UTF-8");
    private static final Map<String, String> OUTCOMES = Map.of(
            "device-revoked", "The device was removed: its credentials no longer answer sign-ins.",
            "recovery-cancelled", "The recovery was cancelled: it releases no key any more.",
            "backup-deleted", "The backup was deleted. You can restore it for 30 days.",
            "backup-restored", "The backup was restored.",
            "sign-in-again", "For your safety, sign in again to do this (your sign-in is more than 5 minutes old).",
            "refused", "That did not come from this page, so nothing was changed. Try again from the page.",
            "failed", "That could not be done. Nothing was changed; try again in a moment.");

    private final SecurityOverview overview;
    private final AccountActions actions;
    private final PageGuard guard;
    private final Template page;

    /** The session's ID token: who signed in, when, and their Keycloak session ({@code sid}). */
    @Inject
    @IdToken
    JsonWebToken idToken;

    /** The session's access token, for backup-service and recovery-service. */
    @Inject
    AccessTokenCredential accessToken;

    public AccountPage(SecurityOverview overview, AccountActions actions, PageGuard guard,
            @Location("account/security.html") Template page) {
        this.overview = overview;
        this.actions = actions;
        this.guard = guard;
        this.page = page;
    }

    @GET
    @Produces("text/html")
    @Operation(hidden = true)
    public Uni<Response> show(@QueryParam("done") String done) {
        return overview.of(idToken.getSubject(), bearer())
                .flatMap(shown -> page.data("overview", shown)
                        .data("person", idToken.getClaim("preferred_username"))
                        .data("formToken", guard.formToken(idToken))
                        .data("outcome", done == null ? null : OUTCOMES.get(done))
                        .data("attention", "sign-in-again".equals(done) || "refused".equals(done) || "failed".equals(done))
                        .createUni())
                .map(html -> Response.ok(html, HTML).build());
    }

    @POST
    @Path("/devices/{deviceId}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> revokeDevice(@PathParam("deviceId") String deviceId, @FormParam("form") String form,
            @HeaderParam("Origin") String origin, @Context HttpHeaders headers) {
        return guarded(form, origin, headers, true, () -> actions.revokeDevice(idToken.getSubject(), deviceId), "device-revoked");
    }

    @POST
    @Path("/recoveries/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> cancelRecovery(@PathParam("id") UUID id, @FormParam("form") String form,
            @HeaderParam("Origin") String origin, @Context HttpHeaders headers) {
        return guarded(form, origin, headers, true, () -> actions.cancelRecovery(bearer(), id), "recovery-cancelled");
    }

    @POST
    @Path("/backups/{provider}/{storageAccount}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> deleteBackup(@PathParam("provider") String provider, @PathParam("storageAccount") String storageAccount,
            @FormParam("etag") String etag, @FormParam("form") String form, @HeaderParam("Origin") String origin,
            @Context HttpHeaders headers) {
        return guarded(form, origin, headers, false, () -> actions.deleteBackup(bearer(), provider, storageAccount, etag),
                "backup-deleted");
    }

    @POST
    @Path("/backups/{provider}/{storageAccount}/restore")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> restoreBackup(@PathParam("provider") String provider,
            @PathParam("storageAccount") String storageAccount, @FormParam("form") String form,
            @HeaderParam("Origin") String origin, @Context HttpHeaders headers) {
        return guarded(form, origin, headers, false, () -> actions.restoreBackup(bearer(), provider, storageAccount),
                "backup-restored");
    }

    /** Checks the form's token and origin (and, for a device or a recovery, a recent sign-in), acts, and redirects. */
    private Uni<Response> guarded(String form, String origin, HttpHeaders headers, boolean recentSignIn,
            java.util.function.Supplier<Uni<Boolean>> action, String done) {
        if (!guard.acceptsForm(idToken, form, origin, pageOrigin(headers))) {
            return Uni.createFrom().item(back("refused"));
        }
        if (recentSignIn && guard.staleSignIn(idToken) != null) {
            return Uni.createFrom().item(back("sign-in-again"));
        }
        return action.get().map(succeeded -> back(succeeded ? done : "failed"));
    }

    private static Response back(String done) {
        return Response.seeOther(URI.create("/account/security?done=" + done)).build();
    }

    /** The page's own origin as the browser sees it (behind the gateway: its X-Forwarded-Proto and Host). */
    private static String pageOrigin(HttpHeaders headers) {
        String proto = headers.getHeaderString("X-Forwarded-Proto");
        String host = headers.getHeaderString("X-Forwarded-Host");
        if (host == null) {
            host = headers.getHeaderString(HttpHeaders.HOST);
        }
        return (proto != null ? proto : "http") + "://" + host;
    }

    private String bearer() {
        return "Bearer " + accessToken.getToken();
    }
}
