package io.authcloud.notification.push;

import io.authcloud.notification.devices.Device;
import io.smallrye.mutiny.Uni;

/** Delivers a push to a device through one channel (APNs, FCM, or the local inbox). */
public interface PushGateway {

    Uni<Void> push(Device device, PushMessage message);
}
