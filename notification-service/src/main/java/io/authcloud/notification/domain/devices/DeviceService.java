package io.authcloud.notification.domain.devices;

import io.authcloud.notification.domain.credentials.PushCredential;
import io.authcloud.platform.crypto.DevicePublicKeys;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Registers a person's devices and hands the local inbox's pushes to them. */
@ApplicationScoped
public class DeviceService {

    /** A registration's outcome: the device and whether it is new. */
    public record Registered(Device device, boolean created) {
    }

    private final Clock clock;

    public DeviceService(Clock clock) {
        this.clock = clock;
    }

    /**
     * Registers a device, or updates its push channel and token (tokens rotate). Once the device id holds an
     * active credential of the owner, only the phone itself may say where its pushes go: the request must
     * carry a signature over {@code device:<deviceId>:<pushToken>} by the key of one of those credentials, so
     * a stolen token alone cannot divert the recovery notice or approval requests to another phone.
     */
    public Uni<Registered> register(String owner, String deviceId, String platform, String pushChannel,
            String pushToken, String name, String signature) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Device.<Device>findById(new Device.Key(owner, deviceId))
                .call(existing -> requireThePhonesOwnSignature(owner, deviceId, pushToken, signature))
                .flatMap(existing -> {
                    Device device = existing != null ? existing : new Device();
                    boolean created = existing == null;
                    device.owner = owner;
                    device.deviceId = deviceId;
                    device.platform = platform;
                    device.pushChannel = pushChannel;
                    device.pushToken = pushToken;
                    device.name = name;
                    device.updatedAt = now;
                    if (created) {
                        device.registeredAt = now;
                        return device.persist().replaceWith(new Registered(device, true));
                    }
                    return Uni.createFrom().item(new Registered(device, false));
                }))
                .invoke(registered -> Log.infof("Device %s of %s %s (%s, %s)", deviceId, owner,
                        registered.created() ? "registered" : "updated", platform, pushChannel));
    }

    /**
     * Refuses a registration of a device id that holds active credentials of the owner unless one of their
     * keys signed it, whether or not the device registered a push channel before: a phone that never did
     * must not have its channel claimed by someone else either.
     */
    private static Uni<Void> requireThePhonesOwnSignature(String owner, String deviceId, String pushToken, String signature) {
        return PushCredential.<PushCredential>list("owner = ?1 and deviceId = ?2 and status = ?3", owner, deviceId,
                        PushCredential.Status.ACTIVE)
                .invoke(active -> {
                    if (active.isEmpty()) {
                        return;
                    }
                    String message = "device:" + deviceId + ":" + pushToken;
                    boolean signed = signature != null && active.stream().anyMatch(credential -> DevicePublicKeys.verifies(
                            DevicePublicKeys.publicKey(credential.publicKeyJwk), message, signature));
                    if (!signed) {
                        Log.infof("Device %s of %s: push channel change refused (%s)", deviceId, owner,
                                signature == null ? "no signature" : "signature of none of its credentials");
                        throw new ProblemException(ProblemType.FORBIDDEN, "This phone holds your sign-in credentials: only"
                                + " the phone itself may change where its pushes go.");
                    }
                })
                .replaceWithVoid();
    }

    @WithSession
    public Uni<List<Device>> list(String owner) {
        return Device.list("owner", Sort.by("registeredAt"), owner);
    }

    @WithSession
    public Uni<Device> find(String owner, String deviceId) {
        return Device.<Device>findById(new Device.Key(owner, deviceId));
    }

    @WithTransaction
    public Uni<Boolean> remove(String owner, String deviceId) {
        return Device.deleteById(new Device.Key(owner, deviceId));
    }

    /** The pushes waiting for a device of the caller; they are handed over once. */
    public Uni<List<DeviceNotification>> takeNotifications(String owner, String deviceId) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Device.<Device>findById(new Device.Key(owner, deviceId))
                .flatMap(device -> {
                    if (device == null) {
                        throw new ProblemException(ProblemType.NOT_FOUND, "No device " + deviceId
                                + " is registered for the account you are signed in with.");
                    }
                    return DeviceNotification.<DeviceNotification>list(
                            "owner = ?1 and deviceId = ?2 and deliveredAt is null order by createdAt", owner, deviceId);
                })
                .invoke(pending -> pending.forEach(notification -> notification.deliveredAt = now)));
    }
}
