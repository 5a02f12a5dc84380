package io.authcloud.notification.domain.account;

import io.authcloud.notification.clients.BackupServiceClient;
import io.authcloud.notification.clients.RecoveryServiceClient;
import io.authcloud.notification.domain.credentials.CredentialService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What the account security page's buttons do, each through the same rules as the app's calls: a device is
 * removed here (every credential it holds is revoked, as {@code DELETE /v1/devices/{id}} does); a recovery is
 * cancelled and a backup deleted or restored by recovery-service and backup-service, asked with the person's own
 * token. Each answers whether it happened.
 */
@ApplicationScoped
public class AccountActions {

    private final CredentialService credentials;
    private final BackupServiceClient backups;
    private final RecoveryServiceClient recoveries;

    public AccountActions(CredentialService credentials, @RestClient BackupServiceClient backups,
            @RestClient RecoveryServiceClient recoveries) {
        this.credentials = credentials;
        this.backups = backups;
        this.recoveries = recoveries;
    }

    public Uni<Boolean> revokeDevice(String owner, String deviceId) {
        return credentials.removeDevice(owner, deviceId)
                .invoke(found -> Log.infof("Account page: device %s of %s %s", deviceId, owner, found ? "removed" : "not found"));
    }

    public Uni<Boolean> cancelRecovery(String bearer, UUID recoveryId) {
        return answered("cancel recovery " + recoveryId, recoveries.cancel(bearer, recoveryId).replaceWith(true));
    }

    public Uni<Boolean> deleteBackup(String bearer, String provider, String storageAccount, String etag) {
        return answered("delete backup " + provider + "/" + storageAccount,
                backups.delete(bearer, etag == null || etag.isBlank() ? null : etag, provider, storageAccount).replaceWith(true));
    }

    public Uni<Boolean> restoreBackup(String bearer, String provider, String storageAccount) {
        return answered("restore backup " + provider + "/" + storageAccount,
                backups.restore(bearer, provider, storageAccount).replaceWith(true));
    }

    /** A refusal of the service (already cancelled, a stale version, ...) is a "no", not an error of the page. */
    private static Uni<Boolean> answered(String what, Uni<Boolean> call) {
        return call.onFailure().recoverWithItem(failure -> {
            Log.infof("Account page: %s was refused: %s", what, failure.getMessage());
            return false;
        });
    }
}
