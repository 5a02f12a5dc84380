package io.authcloud.notification.push;

import io.authcloud.notification.config.PushConfig;
import io.authcloud.notification.devices.Device;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends each push through the device's channel, or to the local inbox when configured so. */
@ApplicationScoped
public class PushDispatcher {

    private final PushConfig config;
    private final InboxPushGateway inbox;
    private final ApnsPushGateway apns;
    private final FcmPushGateway fcm;

    public PushDispatcher(PushConfig config, InboxPushGateway inbox, ApnsPushGateway apns, FcmPushGateway fcm) {
        this.config = config;
        this.inbox = inbox;
        this.apns = apns;
        this.fcm = fcm;
    }

    public Uni<Void> push(Device device, PushMessage message) {
        PushGateway gateway = "inbox".equals(config.mode()) ? inbox
                : "apns".equals(device.pushChannel) ? apns : fcm;
        return gateway.push(device, message)
                .invoke(() -> Log.infof("Push %s sent to device %s of %s via %s", message.kind(), device.deviceId,
                        device.owner, gateway == inbox ? "inbox" : device.pushChannel));
    }
}
