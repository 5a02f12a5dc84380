package io.authcloud.notification.events;

/** The CloudEvents types notification-service consumes, as their producers name them (docs/events.md). */
public final class ConsumedEvents {

    public static final String BACKUP_DELETED = "io.authcloud.backup.BackupDeleted";
    public static final String BACKUP_TRANSFERRED = "io.authcloud.backup.BackupTransferred";

    public static final String VERIFICATION_SUCCEEDED = "io.authcloud.verification.VerificationSucceeded";
    public static final String OTP_DELIVERY_REQUESTED = "io.authcloud.verification.OtpDeliveryRequested";

    public static final String RECOVERY_STARTED = "io.authcloud.recovery.RecoveryStarted";
    public static final String RECOVERY_KEY_RELEASED = "io.authcloud.recovery.RecoveryKeyReleased";
    public static final String RECOVERY_COMPLETED = "io.authcloud.recovery.RecoveryCompleted";
    public static final String RECOVERY_KEY_ESCROWED = "io.authcloud.recovery.RecoveryKeyEscrowed";
    public static final String RECOVERY_APPROVAL_REQUESTED = "io.authcloud.recovery.RecoveryApprovalRequested";
    public static final String RECOVERY_CANCELLED = "io.authcloud.recovery.RecoveryCancelled";

    /** Its own events, read back by its notices. */
    public static final String PUSH_CREDENTIAL_ISSUED = "io.authcloud.notification.PushCredentialIssued";
    public static final String NOT_ME_REPORTED = "io.authcloud.notification.NotMeReported";
    public static final String SIGN_IN_CODES_FAILING = "io.authcloud.notification.SignInCodesFailing";

    private ConsumedEvents() {
    }
}
