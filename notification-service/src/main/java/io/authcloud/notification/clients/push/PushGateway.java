package io.authcloud.notification.clients.push;

import io.authcloud.notification.domain.devices.Device;
import io.smallrye.mutiny.Uni;

/**
 * Delivers a push to a device. Which one serves is configuration: {@code authcloud.push.mode=gateways}
 * ({@link StorePushGateways}: APNs and FCM) or {@code inbox} ({@link InboxPushGateway}, local only).
 */
public interface PushGateway {

    Uni<Void> push(Device device, PushMessage message);

    /** The channel a push to this device goes through, as logged. */
    String channel(Device device);
}
