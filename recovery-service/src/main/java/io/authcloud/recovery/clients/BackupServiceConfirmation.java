package io.authcloud.recovery.clients;

import io.authcloud.recovery.domain.catalogue.BackupFact;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Asks backup-service what a person's backups are, with timeout, retries and a circuit breaker. */
@ApplicationScoped
public class BackupServiceConfirmation {

    private final BackupServiceClient backupService;

    public BackupServiceConfirmation(@RestClient BackupServiceClient backupService) {
        this.backupService = backupService;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 15, delayUnit = ChronoUnit.SECONDS)
    public Uni<List<BackupFact>> backupsOf(String owner) {
        return backupService.ofOwner(owner).map(BackupServiceClient.Listing::backups);
    }
}
