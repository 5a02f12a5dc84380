package io.authcloud.recovery.events;

/** The CloudEvents types recovery-service consumes, as their producers name them (docs/events.md). */
public final class ConsumedEvents {

    public static final String BACKUP_STORED = "io.authcloud.backup.BackupStored";
    public static final String BACKUP_DELETED = "io.authcloud.backup.BackupDeleted";
    public static final String BACKUP_RESTORED = "io.authcloud.backup.BackupRestored";
    public static final String BACKUP_PURGED = "io.authcloud.backup.BackupPurged";
    public static final String BACKUP_TRANSFER_REQUESTED = "io.authcloud.backup.BackupTransferRequested";
    public static final String BACKUP_TRANSFER_FAILED = "io.authcloud.backup.BackupTransferFailed";

    public static final String VERIFICATION_SUCCEEDED = "io.authcloud.verification.VerificationSucceeded";
    public static final String VERIFICATION_FAILED = "io.authcloud.verification.VerificationFailed";

    public static final String PUSH_CREDENTIAL_ISSUED = "io.authcloud.notification.PushCredentialIssued";
    public static final String PUSH_CREDENTIAL_REVOKED = "io.authcloud.notification.PushCredentialRevoked";
    public static final String RECOVERY_APPROVAL_ANSWERED = "io.authcloud.notification.RecoveryApprovalAnswered";
    public static final String NOT_ME_REPORTED = "io.authcloud.notification.NotMeReported";

    private ConsumedEvents() {
    }
}
