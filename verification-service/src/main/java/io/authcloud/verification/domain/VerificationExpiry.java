package io.authcloud.verification.domain;

import io.authcloud.platform.scheduling.ScheduledRuns;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Marks verifications whose code expired unused, so that others hear of it (VerificationExpired). */
@ApplicationScoped
public class VerificationExpiry {

    private final VerificationService verifications;

    public VerificationExpiry(VerificationService verifications) {
        this.verifications = verifications;
    }

    @Scheduled(every = "${authcloud.verification.expiry-sweep:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return ScheduledRuns.untilTheNextRun("The verification expiry sweep", verifications.expireDue());
    }
}
