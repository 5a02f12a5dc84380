package io.authcloud.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.PublishedVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Publishes the events other services would publish, the way they would (CloudEvents on real Kafka). */
final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** A VerificationSucceeded of verification-service; answers the verification id. */
    static UUID verificationSucceeded(KafkaPublisher kafka, String owner, String accountRef, String deviceId,
            String method, UUID recoveryId) {
        return verificationSucceeded(kafka, owner, accountRef, deviceId, method, "qr".equals(method) ? "contoso" : null,
                recoveryId);
    }

    /** A VerificationSucceeded naming the tenant whose activation code proved it (null for email / SMS). */
    static UUID verificationSucceeded(KafkaPublisher kafka, String owner, String accountRef, String deviceId,
            String method, String tenant, UUID recoveryId) {
        return verificationSucceeded(kafka, null, owner, accountRef, deviceId, method, tenant, recoveryId);
    }

    /** A key-release VerificationSucceeded: the second factor of a recovery, naming no account. */
    static UUID keyReleaseVerified(KafkaPublisher kafka, String owner, String deviceId, UUID recoveryId) {
        return verificationSucceeded(kafka, "key-release", owner, null, deviceId, "email", null, recoveryId);
    }

    /** A backup transfer's second factor, proven by email on {@code deviceId}. */
    static UUID transferVerified(KafkaPublisher kafka, String owner, String deviceId, UUID transferId) {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("verificationId", id.toString());
        body.put("owner", owner);
        body.put("purpose", "transfer");
        body.put("recoveryId", null);
        body.put("transferId", transferId.toString());
        body.put("accountRef", null);
        body.put("deviceId", deviceId);
        body.put("method", "email");
        body.put("tenant", null);
        body.put("verifiedAt", Instant.now().toString());
        kafka.publish("verification-events", owner, "io.authcloud.verification.VerificationSucceeded",
                "/authcloud/verification-service", "verifications/" + id, json(body));
        return id;
    }

    /** A VerificationSucceeded; a null {@code purpose} is left out, as verification-service wrote it before purposes. */
    static UUID verificationSucceeded(KafkaPublisher kafka, String purpose, String owner, String accountRef, String deviceId,
            String method, String tenant, UUID recoveryId) {
        UUID id = UUID.randomUUID();
        new PublishedVerification(id, purpose, owner, recoveryId, accountRef, deviceId, method, tenant)
                .publish(kafka, UUID.randomUUID().toString());
        return id;
    }

    /** A RecoveryCompleted of recovery-service. */
    static String recoveryCompleted(KafkaPublisher kafka, String owner, UUID recoveryId, String deviceId) {
        return kafka.publish("recovery-events", owner, "io.authcloud.recovery.RecoveryCompleted",
                "/authcloud/recovery-service", "recoveries/" + recoveryId, json(Map.of(
                        "recoveryId", recoveryId.toString(), "owner", owner, "deviceId", deviceId, "platform", "android",
                        "completedAt", Instant.now().toString(), "accounts", 2)));
    }

    /** A RecoveryKeyReleased of recovery-service. */
    static String recoveryKeyReleased(KafkaPublisher kafka, String owner, UUID recoveryId, String deviceId) {
        return recoveryKeyReleased(kafka, owner, recoveryId, deviceId, null);
    }

    /** A RecoveryKeyReleased of a recovery that started at {@code startedAt} (left out when null). */
    static String recoveryKeyReleased(KafkaPublisher kafka, String owner, UUID recoveryId, String deviceId, Instant startedAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recoveryId", recoveryId.toString());
        body.put("owner", owner);
        body.put("deviceId", deviceId);
        body.put("platform", "ios");
        body.put("provider", "icloud");
        body.put("storageAccount", "alice@icloud.example");
        body.put("keyId", "key-1");
        if (startedAt != null) {
            body.put("startedAt", startedAt.toString());
        }
        body.put("releasedAt", Instant.now().toString());
        return kafka.publish("recovery-events", owner, "io.authcloud.recovery.RecoveryKeyReleased",
                "/authcloud/recovery-service", "recoveries/" + recoveryId, json(body));
    }

    /** A RecoveryStarted of recovery-service. */
    static String recoveryStarted(KafkaPublisher kafka, String owner, UUID recoveryId, String deviceId, Instant startedAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recoveryId", recoveryId.toString());
        body.put("owner", owner);
        body.put("deviceId", deviceId);
        body.put("platform", "ios");
        body.put("provider", "icloud");
        body.put("storageAccount", "storage-" + recoveryId);
        body.put("backupVersion", 3);
        body.put("startedAt", startedAt.toString());
        body.put("expiresAt", startedAt.plus(java.time.Duration.ofHours(24)).toString());
        return kafka.publish("recovery-events", owner, "io.authcloud.recovery.RecoveryStarted",
                "/authcloud/recovery-service", "recoveries/" + recoveryId, json(body));
    }

    /** A RecoveryApprovalRequested of recovery-service, with a given event id (to test redeliveries). */
    static String recoveryApprovalRequested(KafkaPublisher kafka, String eventId, String owner, UUID approvalId,
            UUID recoveryId, String deviceId, String platform, int number, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("approvalId", approvalId.toString());
        body.put("recoveryId", recoveryId.toString());
        body.put("owner", owner);
        body.put("deviceId", deviceId);
        body.put("platform", platform);
        body.put("number", number);
        body.put("requestedAt", Instant.now().toString());
        body.put("expiresAt", expiresAt.toString());
        return kafka.publish("recovery-events", eventId, owner, "io.authcloud.recovery.RecoveryApprovalRequested",
                "/authcloud/recovery-service", "recoveries/" + recoveryId, json(body));
    }

    /** A RecoveryCancelled of recovery-service. */
    static String recoveryCancelled(KafkaPublisher kafka, String owner, UUID recoveryId, String deviceId) {
        return kafka.publish("recovery-events", owner, "io.authcloud.recovery.RecoveryCancelled",
                "/authcloud/recovery-service", "recoveries/" + recoveryId, json(Map.of(
                        "recoveryId", recoveryId.toString(), "owner", owner, "deviceId", deviceId,
                        "reason", "cancelled by the owner", "cancelledAt", Instant.now().toString())));
    }

    /** A RecoveryKeyEscrowed of recovery-service. */
    static String recoveryKeyEscrowed(KafkaPublisher kafka, String owner, String storageAccount, String keyId, boolean replaced) {
        return kafka.publish("recovery-events", owner, "io.authcloud.recovery.RecoveryKeyEscrowed",
                "/authcloud/recovery-service", "recovery-keys/icloud/" + storageAccount, json(Map.of(
                        "owner", owner, "provider", "icloud", "storageAccount", storageAccount, "keyId", keyId,
                        "version", replaced ? 2 : 1, "replaced", replaced, "escrowedAt", Instant.now().toString())));
    }

    /** A BackupDeleted of backup-service. */
    static String backupDeleted(KafkaPublisher kafka, String owner, String storageAccount, Instant restoreDeadline) {
        return kafka.publish("backup-events", owner, "io.authcloud.backup.BackupDeleted",
                "/authcloud/backup-service", "backups/google-drive/" + storageAccount, json(Map.of(
                        "owner", owner, "provider", "google-drive", "storageAccount", storageAccount, "version", 4,
                        "deletedAt", Instant.now().toString(), "restoreDeadline", restoreDeadline.toString())));
    }

    /** A backup copied from iCloud to Google Drive by a transfer. */
    static String backupTransferred(KafkaPublisher kafka, String owner, String storageAccount, String targetStorageAccount) {
        String transfer = UUID.randomUUID().toString();
        return kafka.publish("backup-events", owner, "io.authcloud.backup.BackupTransferred",
                "/authcloud/backup-service", "backups/icloud/" + storageAccount + "/transfers/" + transfer, json(Map.ofEntries(
                        Map.entry("transferId", transfer), Map.entry("owner", owner), Map.entry("provider", "icloud"),
                        Map.entry("storageAccount", storageAccount), Map.entry("version", 3), Map.entry("keyId", "key-1"),
                        Map.entry("targetProvider", "google-drive"), Map.entry("targetStorageAccount", targetStorageAccount),
                        Map.entry("targetVersion", 1), Map.entry("deviceId", "pixel-9"),
                        Map.entry("requestedAt", Instant.now().toString()),
                        Map.entry("transferredAt", "2031-03-04T05:06:07Z"))));
    }

    /** An OtpDeliveryRequested of verification-service, encrypted for this service's test key. */
    static String otpDeliveryRequested(KafkaPublisher kafka, String id, String owner, String channel, String destination,
            String code, Instant expiresAt, String keyId) throws Exception {
        return otpDeliveryRequested(kafka, id, owner, channel, destination, code, expiresAt, keyId, null, null);
    }

    /**
     * An OtpDeliveryRequested whose JWE also names the code's {@code purpose} and {@code deviceId}, as
     * verification-service writes it now; both are left out when null, as it wrote them before.
     */
    static String otpDeliveryRequested(KafkaPublisher kafka, String id, String owner, String channel, String destination,
            String code, Instant expiresAt, String keyId, String purpose, String deviceId) throws Exception {
        UUID verificationId = UUID.randomUUID();
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("verificationId", verificationId.toString());
        delivery.put("channel", channel);
        delivery.put("destination", destination);
        delivery.put("code", code);
        delivery.put("expiresAt", expiresAt.toString());
        if (purpose != null) {
            delivery.put("purpose", purpose);
        }
        if (deviceId != null) {
            delivery.put("deviceId", deviceId);
        }
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM)
                .keyID(keyId).build(), new Payload(json(delivery)));
        jwe.encrypt(new ECDHEncrypter(publicKey(ThirdParties.JWE_PUBLIC)));
        return kafka.publish("notification-requests", id, owner, "io.authcloud.verification.OtpDeliveryRequested",
                "/authcloud/verification-service", "verifications/" + verificationId, json(Map.of(
                        "verificationId", verificationId.toString(), "owner", owner, "channel", channel,
                        "expiresAt", expiresAt.toString(), "jwe", jwe.serialize())));
    }

    static ECPublicKey publicKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
