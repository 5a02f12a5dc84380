package io.authcloud.notification.devices;

import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
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

    /** Registers a device, or updates its push channel and token (tokens rotate). */
    public Uni<Registered> register(String owner, String deviceId, String platform, String pushChannel,
            String pushToken, String name) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Device.<Device>findById(new Device.Key(owner, deviceId)).flatMap(existing -> {
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
        })).invoke(registered -> Log.infof("Device %s of %s %s (%s, %s)", deviceId, owner,
                registered.created() ? "registered" : "updated", platform, pushChannel));
    }

    public Uni<List<Device>> list(String owner) {
        return Panache.withSession(() -> Device.list("owner", Sort.by("registeredAt"), owner));
    }

    public Uni<Device> find(String owner, String deviceId) {
        return Panache.withSession(() -> Device.<Device>findById(new Device.Key(owner, deviceId)));
    }

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
