package io.authcloud.notification.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.domain.credentials.CredentialService;
import io.authcloud.notification.domain.devices.Device;
import io.authcloud.notification.domain.devices.DeviceService;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.platform.security.RecentSignIn;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's devices: registration of their push channel, the local push inbox, removal. */
@Path("/v1/devices")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Devices")
public class DeviceResource {

    /** A device registration. */
    @Schema(name = "DeviceRegistration")
    public record Registration(
            @NotBlank @Size(max = 128) @Pattern(regexp = ApiDocs.ID_PATTERN, message = ApiDocs.ID_MESSAGE) String deviceId,
            @Schema(description = "ios or android") @NotNull @Pattern(regexp = "ios|android", message = "must be ios or android") String platform,
            @Schema(description = "apns or fcm") @NotNull @Pattern(regexp = "apns|fcm", message = "must be apns or fcm") String pushChannel,
            @Schema(description = "The APNs device token or FCM registration token") @NotBlank @Size(max = 4096) String pushToken,
            @Size(max = 100) String name,
            @Schema(description = "Required once the device holds an active credential of yours: ECDSA P-256 (JOSE form,"
                    + " base64url) over the UTF-8 string device:<deviceId>:<pushToken>, by the key of one of its credentials")
            @Size(max = 256) String signature) {
    }

    /** A registered device, without its push token. Its {@code id} is the device id the app chose. */
    public record DeviceView(String id, String deviceId, String platform, String pushChannel, String name,
            Instant registeredAt, Instant updatedAt) {
        static DeviceView of(Device device) {
            return new DeviceView(device.deviceId, device.deviceId, device.platform, device.pushChannel, device.name,
                    device.registeredAt, device.updatedAt);
        }
    }

    /** A push waiting in the local inbox. */
    public record NotificationView(UUID id, String kind, Instant createdAt, JsonNode push) {
    }

    private final DeviceService devices;
    private final CredentialService credentials;
    private final ObjectMapper objectMapper;
    private final CurrentPerson person;

    public DeviceResource(DeviceService devices, CredentialService credentials, ObjectMapper objectMapper, CurrentPerson person) {
        this.devices = devices;
        this.credentials = credentials;
        this.objectMapper = objectMapper;
        this.person = person;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a device and its push channel", description = "Registering again updates the channel and"
            + " token. Once the device holds an active credential of the caller, only the phone itself may do so: the request"
            + " must carry its signature over device:<deviceId>:<pushToken>.")
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = DeviceView.class)))
    @APIResponse(responseCode = "200", description = "Updated", content = @Content(schema = @Schema(implementation = DeviceView.class)))
    @Extension(name = PROBLEMS, value = "invalid-request; forbidden: the device holds your credentials and the"
            + " request carries no valid signature of it (or not an app user's token)")
    public Uni<Response> register(@Valid @NotNull Registration body) {
        return devices.register(person.sub(), body.deviceId(), body.platform(), body.pushChannel(), body.pushToken(), body.name(),
                        body.signature())
                .map(registered -> (registered.created()
                        ? Response.created(URI.create("/v1/devices/" + body.deviceId())) : Response.ok())
                        .entity(DeviceView.of(registered.device())).build());
    }

    @GET
    @Operation(summary = "List the caller's devices")
    @APIResponse(responseCode = "200", description = "The devices")
    public Uni<List<DeviceView>> list() {
        return devices.list(person.sub()).map(list -> list.stream().map(DeviceView::of).toList());
    }

    @GET
    @Path("/{deviceId}/notifications")
    @Operation(summary = "Take the pushes waiting for a device", description = "The local stand-in for APNs and FCM:"
            + " each push is handed over once.")
    @APIResponse(responseCode = "200", description = "The pushes, oldest first")
    @Extension(name = PROBLEMS, value = "not-found: no such device of the caller")
    public Uni<List<NotificationView>> notifications(@PathParam("deviceId") String deviceId) {
        return devices.takeNotifications(person.sub(), deviceId).map(list -> list.stream()
                .map(n -> new NotificationView(n.id, n.kind.wire(), n.createdAt, json(n.payload))).toList());
    }

    @DELETE
    @Path("/{deviceId}")
    @RecentSignIn
    @Operation(summary = "Remove a device (a lost phone)", description = "Revokes every credential the device holds. Needs a"
            + " recent interactive sign-in: a stolen token alone cannot take the person's phones from them.")
    @APIResponse(responseCode = "204", description = "Removed")
    @Extension(name = PROBLEMS, value = "step-up-required: sign in again (WWW-Authenticate names acr_values and"
            + " max_age); not-found")
    public Uni<Response> remove(@PathParam("deviceId") String deviceId) {
        String owner = person.sub();
        return credentials.removeDevice(owner, deviceId)
                .map(found -> {
                    if (!found) {
                        throw new ProblemException(ProblemType.NOT_FOUND,
                                "No device " + deviceId + " is registered for the account you are signed in with.");
                    }
                    return Response.noContent().build();
                });
    }

    private JsonNode json(String payload) {
        try {
            return objectMapper.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
