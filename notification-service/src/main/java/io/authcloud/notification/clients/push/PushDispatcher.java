package io.authcloud.notification.clients.push;

import io.authcloud.notification.domain.devices.Device;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** Sends each push through the gateway the configuration selects ({@code authcloud.push.mode}). */
@ApplicationScoped
public class PushDispatcher {

    private final Instance<PushGateway> gateways;

    public PushDispatcher(Instance<PushGateway> gateways) {
        this.gateways = gateways;
    }

    public Uni<Void> push(Device device, PushMessage message) {
        PushGateway gateway = gateways.get();
        return gateway.push(device, message)
                .invoke(() -> Log.infof("Push %s sent to device %s of %s via %s", message.kind(), device.deviceId,
                        device.owner, gateway.channel(device)));
    }
}
