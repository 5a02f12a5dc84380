package io.authcloud.notification.domain.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a timeline entry keeps of an event: its kind, time and device, and only the fields allowed for the kind. */
@Tag("unit")
class ActivityKindsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CE_TIME = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aStoredBackupKeepsWhereWhichVersionAndWhichPhoneButNoDigestKeyIdOrSize() throws Exception {
        ActivityKinds.Projected entry = project("io.authcloud.backup.BackupStored", """
                {"owner":"sub-1","provider":"icloud","storageAccount":"s-1","version":3,"platform":"ios","deviceId":"phone-1",
                 "sizeBytes":1024,"sha256":"ab12","keyId":"key-1","formatVersion":1,"accountCount":4,
                 "storedAt":"2026-12-01T09:59:58.123456789Z"}""");

        assertThat(entry.kind()).isEqualTo("backup-stored");
        assertThat(entry.occurredAt()).isEqualTo(Instant.parse("2026-12-01T09:59:58.123456789Z"));
        assertThat(entry.deviceId()).isEqualTo("phone-1");
        assertThat(entry.details()).isEqualTo(JSON.readTree("""
                {"provider":"icloud","storageAccount":"s-1","version":3,"platform":"ios","accountCount":4}"""));
    }

    @Test
    void aFailedCodeSaysHowManyTriesAreLeftButNeverTheCodeOrWhereItWasSent() throws Exception {
        ActivityKinds.Projected entry = project("io.authcloud.verification.VerificationFailed", """
                {"verificationId":"v-1","owner":"sub-1","purpose":"key-release","recoveryId":"r-1","accountRef":null,
                 "deviceId":"phone-2","method":"sms","attemptsLeft":2,"failedAt":"2026-12-01T09:00:00Z",
                 "code":"123456","destination":"+4915100000000"}""");

        assertThat(entry.kind()).isEqualTo("verification-failed");
        assertThat(entry.details()).isEqualTo(JSON.readTree("""
                {"verificationId":"v-1","purpose":"key-release","recoveryId":"r-1","method":"sms","attemptsLeft":2}"""));
    }

    @Test
    void aMovedBackupSaysFromWhereToWhereAndWhichPhoneAskedButNotTheKeyId() throws Exception {
        ActivityKinds.Projected entry = project("io.authcloud.backup.BackupTransferred", """
                {"transferId":"t-1","owner":"sub-1","provider":"icloud","storageAccount":"s-1","version":3,"keyId":"key-1",
                 "targetProvider":"google-drive","targetStorageAccount":"g-1","targetVersion":1,"deviceId":"pixel-1",
                 "requestedAt":"2026-12-01T09:00:00Z","transferredAt":"2026-12-01T09:01:00Z"}""");

        assertThat(entry.kind()).isEqualTo("backup-transferred");
        assertThat(entry.occurredAt()).isEqualTo(Instant.parse("2026-12-01T09:01:00Z"));
        assertThat(entry.deviceId()).isEqualTo("pixel-1");
        assertThat(entry.details()).isEqualTo(JSON.readTree("""
                {"transferId":"t-1","provider":"icloud","storageAccount":"s-1","version":3,"targetProvider":"google-drive",
                 "targetStorageAccount":"g-1","targetVersion":1}"""));
    }

    @Test
    void theNumberOfAnApprovalRequestIsNotKept() throws Exception {
        ActivityKinds.Projected entry = project("io.authcloud.recovery.RecoveryApprovalRequested", """
                {"approvalId":"a-1","recoveryId":"r-1","owner":"sub-1","deviceId":"phone-3","platform":"android",
                 "number":42,"requestedAt":"2026-12-01T09:00:00Z","expiresAt":"2026-12-01T09:02:00Z"}""");

        assertThat(entry.details().has("number")).isFalse();
        assertThat(entry.details().get("approvalId").asText()).isEqualTo("a-1");
    }

    @Test
    void objectsAndArraysAreNeverCopiedEvenUnderAnAllowedName() throws Exception {
        ActivityKinds.Projected entry = project("io.authcloud.recovery.RecoveryCancelled", """
                {"recoveryId":{"key":"secret"},"owner":"sub-1","deviceId":"phone-1","reason":["x"],
                 "cancelledAt":"2026-12-01T09:00:00Z"}""");

        assertThat(entry.details().isEmpty()).isTrue();
    }

    @Test
    void withoutItsOwnTimeAnEntryTakesTheEventsTime() throws Exception {
        ActivityKinds.Projected entry = project("io.authcloud.backup.BackupPurged", """
                {"owner":"sub-1","provider":"google-drive","storageAccount":"s-1","purgedAt":"not a time"}""");

        assertThat(entry.occurredAt()).isEqualTo(CE_TIME);
        assertThat(entry.deviceId()).isNull();
    }

    @Test
    void typesTheTimelineDoesNotTrackMakeNoEntry() throws Exception {
        assertThat(ActivityKinds.tracks("io.authcloud.verification.OtpDeliveryRequested")).isFalse();
        assertThat(ActivityKinds.project("io.authcloud.verification.OtpDeliveryRequested",
                JSON.readTree("{\"owner\":\"sub-1\",\"jwe\":\"x\"}"), CE_TIME)).isEmpty();
        assertThat(ActivityKinds.project("io.authcloud.NoSuchEvent", JSON.readTree("{}"), CE_TIME)).isEmpty();
        assertThat(ActivityKinds.project("io.authcloud.backup.BackupStored", JSON.readTree("[1]"), CE_TIME)).isEmpty();
    }

    private static ActivityKinds.Projected project(String type, String body) throws Exception {
        JsonNode json = JSON.readTree(body);
        return ActivityKinds.project(type, json, CE_TIME).orElseThrow();
    }
}
