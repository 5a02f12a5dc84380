package io.authcloud.recovery.domain.escrow;

import io.authcloud.platform.scheduling.ScheduledRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Moves escrowed keys to the current key-encryption key in the background, without downtime. */
@ApplicationScoped
public class RewrapJob {

    private final KeyEscrow escrow;

    public RewrapJob(KeyEscrow escrow) {
        this.escrow = escrow;
    }

    @Scheduled(every = "${authcloud.recovery.rewrap-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rewrap() {
        return ScheduledRuns.untilTheNextRun("The re-wrap of escrowed keys", escrow.rewrapAll());
    }
}
