package io.authcloud.recovery.domain.saga;

import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Why a recovery cannot go on, each as its own clear answer. */
public final class RecoveryProblems {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private RecoveryProblems() {
    }

    static ProblemException existingAccounts(int count) {
        return new ProblemException(Problem.of(ProblemType.EXISTING_ACCOUNTS, "This phone already holds " + count
                        + (count == 1 ? " account" : " accounts") + ". Remove the accounts on this device first: recovery never"
                        + " overwrites newer data with an older backup.")
                .with("existingAccountCount", count));
    }

    /**
     * The person's backup is on the other platform's storage: the answer names it and the way out, a transfer
     * of that backup to the storage this phone asked for (docs/api.md, "Moving a backup to another location").
     */
    static ProblemException onOtherPlatform(String wantedProvider, String otherProvider, String otherStorageAccount,
            String phonePlatform) {
        String where = name(otherProvider);
        String phone = "ios".equals(phonePlatform) ? "an iPhone" : "Android";
        String transfers = "/v1/backups/" + otherProvider + "/" + otherStorageAccount + "/transfers";
        return new ProblemException(Problem.of(ProblemType.BACKUP_ON_OTHER_PLATFORM, "This backup is stored in " + where
                        + ", but this phone is " + phone + ". Move it to " + name(wantedProvider) + " first (POST " + transfers
                        + ", with a code we send you), then recover from there.")
                .with("provider", otherProvider)
                .with("storageAccount", otherStorageAccount)
                .with("requestedProvider", wantedProvider)
                .with("transfer", Map.of("method", "POST", "href", transfers, "targetProvider", wantedProvider)));
    }

    static ProblemException deleted(String provider, Instant deletedAt, Instant restoreDeadline) {
        return new ProblemException(Problem.of(ProblemType.BACKUP_DELETED, "Your backup in " + name(provider) + " was deleted"
                        + (restoreDeadline == null ? "." : ". You can restore it until " + DAY.format(restoreDeadline)
                        + " from the app on your old phone or from your backups list, then recover again."))
                .with("deletedAt", deletedAt)
                .with("restoreDeadline", restoreDeadline));
    }

    static ProblemException notFound(String provider, String storageAccount) {
        return new ProblemException(Problem.of(ProblemType.BACKUP_NOT_FOUND, "No backup was found in " + name(provider)
                        + " for this account. Check that you signed in with the same recovery account as on your old phone,"
                        + " that this phone uses the same " + name(provider) + " account (" + storageAccount + "), and that"
                        + " you are online.")
                .with("provider", provider)
                .with("storageAccount", storageAccount));
    }

    static ProblemException recoveryNotFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "There is no recovery with this id for your account.");
    }

    public static ProblemException closed(RecoverySession session) {
        return new ProblemException(Problem.of(ProblemType.RECOVERY_CLOSED, "This recovery is " + session.status.name().toLowerCase()
                + ". Start a new recovery if you need one.").with("status", session.status.name()));
    }

    public static ProblemException keyReleaseLocked(int failures) {
        return new ProblemException(Problem.of(ProblemType.VERIFICATION_LOCKED, "There were " + failures + " failed verifications"
                + " on your account in the last 24 hours, so the backup key is locked for now. Try again tomorrow.")
                .with("failedVerifications", failures));
    }

    public static ProblemException tooManyReleases(int max) {
        return new ProblemException(ProblemType.FORBIDDEN, "Your backup keys were already released " + max
                + " times in the last 24 hours, the most they may be. Try again tomorrow.");
    }

    static ProblemException inProgress(RecoverySession open) {
        return new ProblemException(Problem.of(ProblemType.RECOVERY_IN_PROGRESS, "This phone is already recovering your backup in "
                        + name(open.provider) + " (" + open.storageAccount + "). Finish that recovery, or cancel it"
                        + " (DELETE /v1/recoveries/" + open.id + ") to recover another backup.")
                .with("recoveryId", open.id)
                .with("provider", open.provider)
                .with("storageAccount", open.storageAccount));
    }

    static ProblemException deviceInUse(String deviceId) {
        return new ProblemException(Problem.of(ProblemType.DEVICE_IN_USE, "This phone (" + deviceId + ") is already one of your"
                        + " phones: it holds or held sign-in credentials of your account, or it made one of your backups."
                        + " A recovery is for a new phone: recover on the new phone.")
                .with("deviceId", deviceId));
    }

    public static ProblemException secondFactorRequired(java.util.UUID recoveryId, java.util.List<String> methods) {
        String ways = methods.isEmpty() ? "No way is available right now: add an email address or a phone number to"
                + " your account, or use a phone that holds your personal account."
                : "Ways available: " + String.join(", ", methods) + " (a code by email or SMS: POST /v1/verifications with"
                + " purpose key-release; device: POST /v1/recoveries/" + recoveryId + "/approvals and enter the number"
                + " on your other phone).";
        return new ProblemException(Problem.of(ProblemType.SECOND_FACTOR_REQUIRED, "Before the backup key leaves, prove it is you"
                        + " for this recovery with a second factor. " + ways)
                .with("methods", methods)
                .with("recoveryId", recoveryId));
    }

    public static ProblemException noApprovingDevice() {
        return new ProblemException(ProblemType.NO_APPROVING_DEVICE, "None of your other phones holds your personal account's"
                + " credential, so none can approve. Use a code by email or SMS instead.");
    }

    public static ProblemException tooManyApprovals(int max, long retryAfterSeconds) {
        return ProblemException.rateLimited("Your other phones were already asked " + max
                        + " times in the last 24 hours. Use a code by email or SMS, or try again later.", retryAfterSeconds);
    }

    /** A recovery started before phones sent their key: nothing can be released to it safely. */
    public static ProblemException startedWithoutPhoneKey(RecoverySession session) {
        return new ProblemException(Problem.of(ProblemType.RECOVERY_CLOSED, "This recovery was started by an older version of"
                + " the app, which did not send the phone's key: cancel it (DELETE /v1/recoveries/" + session.id
                + ") and start again.").with("status", session.status.name()));
    }

    public static ProblemException keyNotEscrowed(String keyId) {
        return new ProblemException(Problem.of(ProblemType.NOT_FOUND, "The key of this backup (" + keyId + ") was never"
                + " escrowed, so the backup cannot be decrypted here. On the old phone, turn auto backup off and on to escrow it.")
                .with("keyId", keyId));
    }

    static String name(String provider) {
        return "icloud".equals(provider) ? "iCloud" : "google-drive".equals(provider) ? "Google Drive" : provider;
    }
}
