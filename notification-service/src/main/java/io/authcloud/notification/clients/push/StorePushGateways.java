package io.authcloud.notification.clients.push;

import io.authcloud.notification.domain.devices.Device;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Apple's and Google's push services: APNs for {@code apns} devices, FCM for the rest. A singleton, made
 * when PushDispatcher selects it at start, so both keys are read then, and never in {@code inbox} mode.
 */
@Singleton
@LookupIfProperty(name = "authcloud.push.mode", stringValue = "gateways")
public class StorePushGateways implements PushGateway {

    private final ApnsPushGateway apns;
    private final FcmPushGateway fcm;

    public StorePushGateways(ApnsPushGateway apns, FcmPushGateway fcm) {
        this.apns = apns;
        this.fcm = fcm;
    }

    @Override
    public Uni<Void> push(Device device, PushMessage message) {
        return "apns".equals(device.pushChannel) ? apns.push(device, message) : fcm.push(device, message);
    }

    @Override
    public String channel(Device device) {
        return device.pushChannel;
    }
}
