package io.authcloud.backup.domain;

import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;

/** The problems backup storage answers with, worded for the person using the app. */
public final class BackupProblems {

    private BackupProblems() {
    }

    public static ProblemException notFound(StorageLocation location) {
        return new ProblemException(ProblemType.BACKUP_NOT_FOUND, "There is no backup in " + location.describe()
                + " for the account you are signed in with. Check that you use the same recovery account and the"
                + " same storage account as on the phone that made the backup.");
    }

    public static ProblemException versionNotFound(StorageLocation location, int version) {
        return new ProblemException(ProblemType.BACKUP_NOT_FOUND, "Version " + version + " of the backup in "
                + location.describe() + " is not kept. Only the most recent versions are kept.");
    }

    public static ProblemException deleted(Backup backup) {
        return new ProblemException(Problem.of(ProblemType.BACKUP_DELETED, "This backup was deleted on " + backup.deletedAt
                        + ". You can restore it until " + backup.restoreDeadline + "; after that it is gone for good.")
                .with("deletedAt", backup.deletedAt)
                .with("restoreDeadline", backup.restoreDeadline));
    }

    public static ProblemException restoreDeadlinePassed(Backup backup) {
        return new ProblemException(Problem.of(ProblemType.BACKUP_DELETED, "This backup was deleted on " + backup.deletedAt
                        + " and could be restored only until " + backup.restoreDeadline + ". It can no longer be restored.")
                .with("deletedAt", backup.deletedAt)
                .with("restoreDeadline", backup.restoreDeadline));
    }

    public static ProblemException conflict(Backup current) {
        if (current == null || current.isDeleted()) {
            return new ProblemException(Problem.of(ProblemType.VERSION_CONFLICT,
                    "There is no current backup to replace. To create one, send If-None-Match: *.")
                    .with("currentVersion", null));
        }
        return new ProblemException(Problem.of(ProblemType.VERSION_CONFLICT, "The backup was changed by another device: the"
                        + " current version is " + current.currentVersion + ". Read it again, then retry with If-Match: "
                        + current.etag() + ".")
                .with("currentVersion", current.currentVersion)
                .with("currentEtag", current.etag()));
    }

    public static ProblemException alreadyExists(Backup current) {
        return new ProblemException(Problem.of(ProblemType.VERSION_CONFLICT, "A backup already exists here (version "
                        + current.currentVersion + "). To replace it, send If-Match: " + current.etag() + ".")
                .with("currentVersion", current.currentVersion)
                .with("currentEtag", current.etag()));
    }

    public static ProblemException preconditionRequired(Backup current) {
        String detail = current == null || current.isDeleted()
                ? "To create a backup, send If-None-Match: *."
                : "This backup already exists. To replace it, send If-Match with the ETag you last read, so that"
                        + " a newer backup from another device is never overwritten by mistake.";
        return new ProblemException(ProblemType.PRECONDITION_REQUIRED, detail);
    }

    public static ProblemException targetInUse(StorageLocation target) {
        return new ProblemException(Problem.of(ProblemType.TRANSFER_TARGET_IN_USE, "You already have a backup in "
                        + target.describe() + ". A transfer never overwrites a backup: delete that one first, or move"
                        + " this one to another storage account.")
                .with("targetProvider", target.provider())
                .with("targetStorageAccount", target.storageAccount()));
    }

    public static ProblemException transferNotFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "There is no such transfer of this backup.");
    }

    public static ProblemException tooLarge(long bytes, int limit) {
        return new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "The encrypted backup is " + bytes
                        + " bytes; at most " + limit + " bytes are accepted.")
                .with("maxBytes", limit));
    }
}
