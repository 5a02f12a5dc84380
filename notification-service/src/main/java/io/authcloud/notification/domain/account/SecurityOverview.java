package io.authcloud.notification.domain.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.clients.BackupServiceClient;
import io.authcloud.notification.clients.RecoveryServiceClient;
import io.authcloud.notification.domain.activity.ActivityEntry;
import io.authcloud.notification.domain.activity.ActivityService;
import io.authcloud.notification.domain.credentials.PushCredential;
import io.authcloud.notification.domain.devices.Device;
import io.authcloud.notification.domain.signin.SignInRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What the account security page shows a person whose phone is lost: their devices with the credentials each holds
 * and when it last approved a sign-in, their backups and the recoveries under way (asked of backup-service and
 * recovery-service with the person's own token: the same answers the app gets), and their recent security
 * activity. A part whose service does not answer is named as unavailable; the rest is still shown.
 */
@ApplicationScoped
public class SecurityOverview {

    /** A device of the person: registered for pushes, or holding a credential (or both). */
    @TemplateData
    public record DeviceView(String deviceId, String platform, String name, Instant registeredAt, Instant lastApprovalAt,
            List<CredentialView> credentials) {

        public boolean holdsActiveCredentials() {
            return credentials.stream().anyMatch(credential -> credential.status().equals(ACTIVE));
        }
    }

    /** A push credential on a device. */
    @TemplateData
    public record CredentialView(UUID id, String accountRef, String kind, String tenant, String status, Instant createdAt,
            Instant revokedAt, String revokedReason) {
    }

    /** One entry of the person's security activity, in words. */
    @TemplateData
    public record ActivityView(String kind, String what, Instant occurredAt, String deviceId) {
    }

    /** Everything on the page. */
    @TemplateData
    public record Overview(List<DeviceView> devices, List<BackupServiceClient.Backup> backups,
            List<RecoveryServiceClient.OpenRecovery> recoveries, List<ActivityView> activity, List<String> unavailable) {
    }

    private static final int ACTIVITY_SHOWN = 20;
    private static final String ACTIVE = PushCredential.Status.ACTIVE.name();

    private final ActivityService activity;
    private final BackupServiceClient backups;
    private final RecoveryServiceClient recoveries;
    private final ObjectMapper objectMapper;

    public SecurityOverview(ActivityService activity, @RestClient BackupServiceClient backups,
            @RestClient RecoveryServiceClient recoveries, ObjectMapper objectMapper) {
        this.activity = activity;
        this.backups = backups;
        this.recoveries = recoveries;
        this.objectMapper = objectMapper;
    }

    /** The page of {@code owner}, whose access token is {@code bearer} ({@code Bearer <token>}). */
    public Uni<Overview> of(String owner, String bearer) {
        List<String> unavailable = new ArrayList<>();
        return Panache.withSession(() -> devices(owner))
                .flatMap(devices -> activity.page(owner, ACTIVITY_SHOWN, null).map(page -> Map.entry(devices,
                        page.entries().stream().map(this::activityView).toList())))
                .flatMap(local -> backups.list(bearer)
                        .map(BackupServiceClient.Backups::backups)
                        .onFailure().recoverWithItem(failure -> unavailable("backups", failure, unavailable))
                        .flatMap(found -> recoveries.me(bearer)
                                .map(RecoveryServiceClient.Me::openRecoveries)
                                .onFailure().recoverWithItem(failure -> unavailable("recoveries", failure, unavailable))
                                .map(open -> new Overview(local.getKey(), found == null ? List.of() : found,
                                        open == null ? List.of() : open, local.getValue(), unavailable))));
    }

    private static Uni<List<DeviceView>> devices(String owner) {
        return Device.<Device>list("owner", owner).flatMap(registered -> PushCredential.<PushCredential>list("owner", owner)
                .flatMap(credentials -> lastApprovals(owner).map(approvals -> {
                    Map<String, List<CredentialView>> byDevice = new LinkedHashMap<>();
                    credentials.stream().sorted(Comparator.comparing(c -> c.createdAt)).forEach(c -> byDevice
                            .computeIfAbsent(c.deviceId, id -> new ArrayList<>())
                            .add(new CredentialView(c.id, c.accountRef, c.kind.wire(), c.tenant, c.status.name(), c.createdAt,
                                    c.revokedAt, c.revokedReason)));
                    Map<String, Device> devices = new HashMap<>();
                    registered.forEach(device -> devices.put(device.deviceId, device));
                    List<String> ids = new ArrayList<>(devices.keySet());
                    // A device that is neither registered nor holds a live credential is gone (removed, or all revoked).
                    byDevice.entrySet().stream().filter(entry -> !devices.containsKey(entry.getKey()))
                            .filter(entry -> entry.getValue().stream().anyMatch(c -> c.status().equals(ACTIVE)))
                            .forEach(entry -> ids.add(entry.getKey()));
                    return ids.stream().map(id -> {
                        Device device = devices.get(id);
                        return new DeviceView(id, device == null ? null : device.platform, device == null ? null : device.name,
                                device == null ? null : device.registeredAt, approvals.get(id),
                                byDevice.getOrDefault(id, List.of()));
                    }).sorted(Comparator.comparing(DeviceView::holdsActiveCredentials).reversed()
                            .thenComparing(DeviceView::deviceId)).toList();
                })));
    }

    /** When each device of the person last approved a push sign-in. */
    private static Uni<Map<String, Instant>> lastApprovals(String owner) {
        return Panache.getSession().flatMap(session -> session.createQuery("select r.deviceId, max(r.answeredAt) from"
                                + " SignInRequest r where r.owner = :owner and r.status = :status and r.deviceId is not null"
                                + " group by r.deviceId", Object[].class)
                        .setParameter("owner", owner)
                        .setParameter("status", SignInRequest.Status.APPROVED)
                        .getResultList())
                .map(rows -> {
                    Map<String, Instant> last = new HashMap<>();
                    rows.forEach(row -> last.put((String) row[0], (Instant) row[1]));
                    return last;
                });
    }

    private ActivityView activityView(ActivityEntry entry) {
        String what = entry.kind.replace('-', ' ');
        try {
            JsonNode details = objectMapper.readTree(entry.details);
            String where = details.path("provider").asText("");
            if (!where.isEmpty()) {
                what += " (" + where + (details.hasNonNull("storageAccount") ? " " + details.get("storageAccount").asText() : "")
                        + ")";
            } else if (details.hasNonNull("method")) {
                what += " (" + details.get("method").asText() + ")";
            } else if (details.hasNonNull("outcome")) {
                what += " (" + details.get("outcome").asText().toLowerCase() + ")";
            }
        } catch (Exception e) {
            // The kind alone says what happened.
        }
        return new ActivityView(entry.kind, what, entry.occurredAt, entry.deviceId);
    }

    private static <T> T unavailable(String part, Throwable failure, List<String> unavailable) {
        Log.warnf("Account page: the %s could not be read: %s", part, failure.getMessage());
        unavailable.add(part);
        return null;
    }
}
