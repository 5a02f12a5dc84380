package io.authcloud.recovery.domain.saga;

import io.authcloud.platform.scheduling.ScheduledRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Ends recoveries left open past their 24 hours (RecoveryExpired). */
@ApplicationScoped
public class RecoveryExpiry {

    private final RecoveryService recoveries;

    public RecoveryExpiry(RecoveryService recoveries) {
        this.recoveries = recoveries;
    }

    @Scheduled(every = "${authcloud.recovery.expiry-sweep:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return ScheduledRuns.untilTheNextRun("The recovery expiry sweep", recoveries.expireDue());
    }
}
