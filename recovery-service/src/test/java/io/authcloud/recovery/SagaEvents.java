package io.authcloud.recovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.PublishedVerification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The saga's events as verification-service and notification-service publish them. */
final class SagaEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SagaEvents() {
    }

    /** An emailed or texted code's success, or an activation code of the tenant {@code contoso}. */
    static String verificationSucceeded(KafkaPublisher kafka, String eventId, String owner, UUID recoveryId,
            String accountRef, String deviceId, UUID verificationId, String method) {
        return verificationSucceeded(kafka, eventId, owner, recoveryId, accountRef, deviceId, verificationId, method,
                "qr".equals(method) ? "contoso" : null);
    }

    static String verificationSucceeded(KafkaPublisher kafka, String eventId, String owner, UUID recoveryId,
            String accountRef, String deviceId, UUID verificationId, String method, String tenant) {
        return new PublishedVerification(verificationId, null, owner, recoveryId, accountRef, deviceId, method, tenant)
                .publish(kafka, eventId);
    }

    /** A code by email or SMS verified for a recovery's key release (the second factor), on {@code deviceId}. */
    static String keyReleaseVerified(KafkaPublisher kafka, String owner, UUID recoveryId, String deviceId, String method) {
        return new PublishedVerification(UUID.randomUUID(), "key-release", owner, recoveryId, null, deviceId, method, null)
                .publish(kafka, UUID.randomUUID().toString());
    }

    /** Another phone's answer to an approval request, as notification-service publishes it. */
    static String approvalAnswered(KafkaPublisher kafka, String owner, UUID approvalId, UUID recoveryId, String deviceId,
            boolean approved) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("approvalId", approvalId.toString());
        body.put("recoveryId", recoveryId.toString());
        body.put("owner", owner);
        body.put("deviceId", deviceId);
        body.put("outcome", approved ? "APPROVED" : "DENIED");
        body.put("reason", approved ? "approved" : "wrong number");
        body.put("answeredAt", Instant.now().toString());
        return kafka.publish("credential-events", owner, "io.authcloud.notification.RecoveryApprovalAnswered",
                "/authcloud/notification-service", "recoveries/" + recoveryId + "/approvals/" + approvalId, json(body));
    }

    /** A credential revoked (a lost phone removed, or "this wasn't me"). */
    static String credentialRevoked(KafkaPublisher kafka, String owner, UUID credentialId, String deviceId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("credentialId", credentialId.toString());
        body.put("owner", owner);
        body.put("accountRef", "personal");
        body.put("deviceId", deviceId);
        body.put("recoveryId", null);
        body.put("reason", "device removed by the owner");
        body.put("revokedAt", Instant.now().toString());
        return kafka.publish("credential-events", owner, "io.authcloud.notification.PushCredentialRevoked",
                "/authcloud/notification-service", "push-credentials/" + credentialId, json(body));
    }

    /** The person followed a "this wasn't me" link. */
    static String notMeReported(KafkaPublisher kafka, String owner, UUID recoveryId, String deviceId) {
        UUID notice = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("noticeId", notice.toString());
        body.put("owner", owner);
        body.put("recoveryId", recoveryId == null ? null : recoveryId.toString());
        body.put("deviceId", deviceId);
        body.put("since", Instant.now().minusSeconds(600).toString());
        body.put("credentialsRevoked", 0);
        body.put("reportedAt", Instant.now().toString());
        return kafka.publish("credential-events", owner, "io.authcloud.notification.NotMeReported",
                "/authcloud/notification-service", "security-notices/" + notice, json(body));
    }

    static String verificationFailed(KafkaPublisher kafka, String owner) {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("verificationId", id.toString());
        body.put("owner", owner);
        body.put("recoveryId", null);
        body.put("accountRef", "personal");
        body.put("deviceId", "phone-x");
        body.put("method", "email");
        body.put("attemptsLeft", 4);
        body.put("failedAt", Instant.now().toString());
        return kafka.publish("verification-events", owner, "io.authcloud.verification.VerificationFailed",
                "/authcloud/verification-service", "verifications/" + id, json(body));
    }

    /** A personal credential. */
    static String credentialIssued(KafkaPublisher kafka, String eventId, String owner, UUID recoveryId, String accountRef,
            String deviceId, UUID verificationId) {
        return credentialIssued(kafka, eventId, owner, recoveryId, accountRef, deviceId, verificationId, null);
    }

    /** A work credential of {@code tenant}, or a personal one when it is null. */
    static String credentialIssued(KafkaPublisher kafka, String eventId, String owner, UUID recoveryId, String accountRef,
            String deviceId, UUID verificationId, String tenant) {
        return credentialIssued(kafka, eventId, UUID.randomUUID(), owner, recoveryId, accountRef, deviceId, verificationId,
                tenant);
    }

    static String credentialIssued(KafkaPublisher kafka, String eventId, UUID credential, String owner, UUID recoveryId,
            String accountRef, String deviceId, UUID verificationId, String tenant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("credentialId", credential.toString());
        body.put("owner", owner);
        body.put("accountRef", accountRef);
        body.put("kind", tenant == null ? "personal" : "work");
        body.put("tenant", tenant);
        body.put("deviceId", deviceId);
        body.put("platform", "android");
        body.put("verificationId", verificationId.toString());
        body.put("recoveryId", recoveryId == null ? null : recoveryId.toString());
        body.put("issuedAt", Instant.now().toString());
        return kafka.publish("credential-events", eventId, owner, "io.authcloud.notification.PushCredentialIssued",
                "/authcloud/notification-service", "push-credentials/" + credential, json(body));
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
