package io.authcloud.recovery.api;

import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.recovery.domain.saga.RecoveryService;
import io.authcloud.recovery.domain.saga.RecoverySession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the app is signed in as, and the recoveries under way: what the app shows on its first screen. */
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

    public MeResource(CurrentPerson person, SecurityIdentity identity, RecoveryService recoveries) {
        this.recoveries = recoveries;
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
}
