package io.authcloud.notification.clients.push;

import io.authcloud.notification.config.PushConfig;
import io.authcloud.notification.config.Selected;
import io.authcloud.notification.domain.devices.Device;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Sends each push through the gateway the configuration selects ({@code authcloud.push.mode}), chosen once
 * at start: a mode that selects none stops the start instead of failing the first push.
 */
@ApplicationScoped
@Startup
public class PushDispatcher {

    private final PushGateway gateway;

    public PushDispatcher(Instance<PushGateway> gateways, PushConfig config) {
        this.gateway = Selected.one(gateways, "authcloud.push.mode", config.mode(), "gateways or inbox");
    }

    public Uni<Void> push(Device device, PushMessage message) {
        return gateway.push(device, message)
                .invoke(() -> Log.infof("Push %s sent to device %s of %s via %s", message.kind().wire(), device.deviceId,
                        device.owner, gateway.channel(device)));
    }
}
