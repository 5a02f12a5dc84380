package io.authcloud.backup.domain;

import io.quarkus.logging.Log;
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
        return store.purgeExpired()
                .onFailure().invoke(e -> Log.warnf("Backup purge failed, retried at the next run: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
