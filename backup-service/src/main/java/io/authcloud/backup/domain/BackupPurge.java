package io.authcloud.backup.domain;

import io.authcloud.platform.scheduling.ScheduledRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Removes for good the deleted backups whose restore deadline has passed. */
@ApplicationScoped
public class BackupPurge {

    private final BackupStore store;

    public BackupPurge(BackupStore store) {
        this.store = store;
    }

    @Scheduled(every = "${authcloud.backup.purge-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return ScheduledRuns.untilTheNextRun("The backup purge", store.purgeExpired());
    }
}
