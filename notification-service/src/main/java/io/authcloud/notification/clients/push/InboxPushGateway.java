package io.authcloud.notification.clients.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.domain.devices.Device;
import io.authcloud.notification.domain.devices.DeviceNotification;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The local stand-in for APNs and FCM: pushes wait in the database until the device polls
 * {@code GET /v1/devices/{deviceId}/notifications}. Used where Apple and Google cannot be reached.
 */
@ApplicationScoped
@LookupIfProperty(name = "authcloud.push.mode", stringValue = "inbox", lookupIfMissing = true)
public class InboxPushGateway implements PushGateway {

    private final ObjectMapper objectMapper;
    private final Clock clock;

    public InboxPushGateway(ObjectMapper objectMapper, Clock clock) {
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    @Override
    public Uni<Void> push(Device device, PushMessage message) {
        DeviceNotification notification = new DeviceNotification();
        notification.id = UUID.randomUUID();
        notification.owner = device.owner;
        notification.deviceId = device.deviceId;
        notification.kind = message.kind();
        notification.payload = json(message);
        notification.createdAt = clock.instant();
        return Panache.withTransaction(notification::persist).replaceWithVoid();
    }

    private String json(PushMessage message) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("title", message.title());
        payload.put("body", message.body());
        payload.put("data", message.data());
        try {
            return objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String channel(Device device) {
        return "inbox";
    }
}
