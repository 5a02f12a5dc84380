package io.authcloud.notification.domain.activity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which events make the person's security activity, and what an entry may say of each: its kind, when it
 * happened, on which device, and the few fields of the event's body that are copied into its details.
 * Nothing else of a body is ever copied, so an entry cannot carry a code, a key, a token or an address
 * even if an event did (docs/api.md, "My security activity").
 */
public final class ActivityKinds {

    /** What the timeline keeps of one event type. */
    record Kind(String slug, String timeField, String deviceField, List<String> details) {
    }

    /** An event as a timeline entry. */
    public record Projected(String kind, Instant occurredAt, String deviceId, ObjectNode details) {
    }

    private static final List<String> BACKUP = List.of("provider", "storageAccount", "version");
    private static final List<String> VERIFICATION = List.of("verificationId", "purpose", "recoveryId", "transferId",
            "accountRef", "method");

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            kind("io.authcloud.backup.BackupStored", "backup-stored", "storedAt", "deviceId",
                    List.of("provider", "storageAccount", "version", "platform", "accountCount")),
            kind("io.authcloud.backup.BackupDeleted", "backup-deleted", "deletedAt", null,
                    List.of("provider", "storageAccount", "version", "restoreDeadline")),
            kind("io.authcloud.backup.BackupRestored", "backup-restored", "restoredAt", null, BACKUP),
            kind("io.authcloud.backup.BackupPurged", "backup-purged", "purgedAt", null, List.of("provider", "storageAccount")),
            kind("io.authcloud.backup.BackupTransferRequested", "backup-transfer-requested", "requestedAt", "deviceId",
                    List.of("transferId", "provider", "storageAccount", "version", "targetProvider", "targetStorageAccount")),
            kind("io.authcloud.backup.BackupTransferred", "backup-transferred", "transferredAt", "deviceId",
                    List.of("transferId", "provider", "storageAccount", "version", "targetProvider", "targetStorageAccount",
                            "targetVersion")),
            kind("io.authcloud.backup.BackupTransferFailed", "backup-transfer-failed", "failedAt", "deviceId",
                    List.of("transferId", "provider", "storageAccount", "targetProvider", "targetStorageAccount", "reason")),

            kind("io.authcloud.verification.VerificationStarted", "verification-started", "startedAt", "deviceId", VERIFICATION),
            kind("io.authcloud.verification.VerificationSucceeded", "verification-succeeded", "verifiedAt", "deviceId",
                    List.of("verificationId", "purpose", "recoveryId", "transferId", "accountRef", "method", "tenant")),
            kind("io.authcloud.verification.VerificationFailed", "verification-failed", "failedAt", "deviceId",
                    List.of("verificationId", "purpose", "recoveryId", "transferId", "accountRef", "method", "attemptsLeft")),
            kind("io.authcloud.verification.VerificationLocked", "verification-locked", "lockedAt", "deviceId", VERIFICATION),
            kind("io.authcloud.verification.VerificationExpired", "verification-expired", "expiredAt", "deviceId", VERIFICATION),

            kind("io.authcloud.notification.PushCredentialIssued", "credential-issued", "issuedAt", "deviceId",
                    List.of("credentialId", "accountRef", "kind", "tenant", "platform", "recoveryId")),
            kind("io.authcloud.notification.PushCredentialRevoked", "credential-revoked", "revokedAt", "deviceId",
                    List.of("credentialId", "accountRef", "recoveryId", "reason")),
            kind("io.authcloud.notification.RecoveryApprovalAnswered", "recovery-approval-answered", "answeredAt", "deviceId",
                    List.of("recoveryId", "approvalId", "outcome", "reason")),
            kind("io.authcloud.notification.NotMeReported", "not-me-reported", "reportedAt", "deviceId",
                    List.of("recoveryId", "since", "credentialsRevoked")),
            kind("io.authcloud.notification.SignInCodesFailing", "sign-in-codes-failing", "detectedAt", null,
                    List.of("limit", "failures")),

            kind("io.authcloud.recovery.RecoveryStarted", "recovery-started", "startedAt", "deviceId",
                    List.of("recoveryId", "platform", "provider", "storageAccount", "backupVersion")),
            kind("io.authcloud.recovery.RecoveryCompleted", "recovery-completed", "completedAt", "deviceId",
                    List.of("recoveryId", "platform", "accounts")),
            kind("io.authcloud.recovery.RecoveryKeyReleased", "recovery-key-released", "releasedAt", "deviceId",
                    List.of("recoveryId", "platform", "provider", "storageAccount", "keyId", "secondFactor")),
            // Not the number: the recovering phone shows it; the timeline has no reason to.
            kind("io.authcloud.recovery.RecoveryApprovalRequested", "recovery-approval-requested", "requestedAt", "deviceId",
                    List.of("recoveryId", "approvalId", "platform")),
            kind("io.authcloud.recovery.RecoveryCancelled", "recovery-cancelled", "cancelledAt", "deviceId",
                    List.of("recoveryId", "reason")),
            kind("io.authcloud.recovery.RecoveryKeyEscrowed", "recovery-key-escrowed", "escrowedAt", null,
                    List.of("provider", "storageAccount", "keyId", "version", "replaced")),
            kind("io.authcloud.recovery.RecoveryExpired", "recovery-expired", "expiredAt", "deviceId", List.of("recoveryId")));

    /** The kind of this service's own entries: a phone's answer to a relying party's push sign-in. */
    public static final String PUSH_SIGN_IN_ANSWERED = "push-sign-in-answered";

    private ActivityKinds() {
    }

    /** Whether events of this CloudEvents type are part of the timeline. */
    public static boolean tracks(String type) {
        return KINDS.containsKey(type);
    }

    /**
     * The timeline entry of an event; empty for a type the timeline does not track. The entry's time is the
     * event's own (its body's time field), else {@code fallback} (the CloudEvents time).
     */
    public static Optional<Projected> project(String type, JsonNode body, Instant fallback) {
        Kind kind = KINDS.get(type);
        if (kind == null || body == null || !body.isObject()) {
            return Optional.empty();
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        for (String field : kind.details()) {
            JsonNode value = body.get(field);
            if (value != null && value.isValueNode() && !value.isNull()) {
                details.set(field, value);
            }
        }
        Instant at = instant(body.get(kind.timeField()));
        return Optional.of(new Projected(kind.slug(), at != null ? at : fallback,
                kind.deviceField() == null ? null : text(body.get(kind.deviceField())), details));
    }

    private static Map.Entry<String, Kind> kind(String type, String slug, String timeField, String deviceField, List<String> details) {
        return Map.entry(type, new Kind(slug, timeField, deviceField, details));
    }

    private static Instant instant(JsonNode value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
