package io.authcloud.platform.erasure;

import java.util.Set;

/**
 * The CloudEvents types of the erasure saga (docs/events.md), which every consumer handles even about a person
 * it has erased: they are how the erasure is asked for, confirmed and finished. Their records belong to the
 * services that write them; only their names are shared here, for {@link io.authcloud.platform.inbox.EventInbox}.
 */
public final class ErasureEvents {

    public static final String ERASURE_REQUESTED = "io.authcloud.recovery.ErasureRequested";
    public static final String ERASURE_COMPLETED = "io.authcloud.recovery.ErasureCompleted";
    public static final String BACKUP_DATA_ERASED = "io.authcloud.backup.BackupDataErased";
    public static final String VERIFICATION_DATA_ERASED = "io.authcloud.verification.VerificationDataErased";
    public static final String NOTIFICATION_DATA_ERASED = "io.authcloud.notification.NotificationDataErased";

    private static final Set<String> ALL = Set.of(ERASURE_REQUESTED, ERASURE_COMPLETED, BACKUP_DATA_ERASED,
            VERIFICATION_DATA_ERASED, NOTIFICATION_DATA_ERASED);

    private ErasureEvents() {
    }

    public static boolean isErasure(String type) {
        return ALL.contains(type);
    }
}
