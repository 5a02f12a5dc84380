package io.authcloud.recovery.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.platform.security.RecentSignIn;
import io.authcloud.recovery.domain.erasure.Erasures;
import io.authcloud.recovery.domain.saga.RecoveryService;
import io.authcloud.recovery.domain.saga.RecoverySession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Who the app is signed in as, and the recoveries under way: what the app shows on its first screen; and the
 * erasure of everything about the person.
 */
@Path("/v1/me")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Me")
public class MeResource {

    /** An open recovery, in short. */
    public record OpenRecovery(UUID id, String deviceId, String provider, String storageAccount, Instant expiresAt) {
    }

    /** The signed-in person. */
    public record Me(String sub, String username, String email, String tenant, Set<String> roles,
            List<OpenRecovery> openRecoveries) {
    }

    private final CurrentPerson person;
    private final SecurityIdentity identity;
    private final RecoveryService recoveries;
    private final Erasures erasures;
    private final Clock clock;

    public MeResource(CurrentPerson person, SecurityIdentity identity, RecoveryService recoveries, Erasures erasures,
            Clock clock) {
        this.recoveries = recoveries;
        this.erasures = erasures;
        this.clock = clock;
        this.person = person;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The signed-in person and their open recoveries")
    public Uni<Me> me() {
        String sub = person.sub();
        return recoveries.openRecoveriesOf(sub)
                .map(open -> new Me(sub, person.username(), person.email(), person.tenant(), identity.getRoles(),
                        open.stream().map(s -> new OpenRecovery(s.id, s.deviceId, s.provider, s.storageAccount, s.expiresAt)).toList()));
    }

    @DELETE
    @RecentSignIn
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase everything about me", description = "Asks every service to delete all it holds about you:"
            + " backups and their versions, escrowed keys, recoveries, verifications, devices and credentials, sign-in"
            + " requests, deliveries, your activity. Needs a password sign-in within the last 5 minutes, then the second"
            + " factor: a verification with purpose erasure (secondFactor) on the phone named. Follow it at"
            + " GET /v1/me/erasure; a last mail says when it is done. It cannot be undone.")
    @APIResponse(responseCode = "202", description = "Asked; it waits for the second factor",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ErasureView.class)))
    @APIResponse(responseCode = "200", description = "An erasure under way, or waiting for its second factor from this phone",
            content = @Content(schema = @Schema(implementation = ErasureView.class)))
    @Extension(name = PROBLEMS, value = "invalid-request; step-up-required (WWW-Authenticate: insufficient_user_authentication)")
    public Uni<Response> erase(@Valid @NotNull(message = "is required: {\"deviceId\": ...}") ErasureRequest body) {
        return erasures.request(person.sub(), body.deviceId())
                .map(requested -> (requested.created() ? Response.accepted() : Response.ok())
                        .location(URI.create("/v1/me/erasure"))
                        .entity(ErasureView.of(requested.erasure(), clock.instant()))
                        .build());
    }

    @GET
    @Path("/erasure")
    @Operation(summary = "Follow the erasure of your data", description = "Your newest erasure: SECOND_FACTOR_REQUIRED,"
            + " ERASING (services says which confirmed), COMPLETED; EXPIRED when no second factor came in time.")
    @APIResponse(responseCode = "200", description = "The erasure", content = @Content(schema = @Schema(implementation = ErasureView.class)))
    @Extension(name = PROBLEMS, value = "not-found: you have not asked for an erasure")
    public Uni<ErasureView> erasure() {
        return erasures.latest(person.sub()).map(erasure -> ErasureView.of(erasure, clock.instant()));
    }
}
