package io.authcloud.recovery.domain.devices;

import io.authcloud.platform.accounts.AccountKind;
import io.authcloud.recovery.domain.catalogue.CatalogueEntry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/**
 * What recovery-service knows of a person's phones, kept from credential-events (issued and revoked, in
 * the consumer's transaction): which devices hold or held a push credential. Issued and revoked may come
 * in any order; a revoked credential stays revoked.
 */
@ApplicationScoped
public class PersonDevices {

    private final Clock clock;

    public PersonDevices(Clock clock) {
        this.clock = clock;
    }

    /** A PushCredentialIssued. */
    @WithTransaction
    public Uni<Void> issued(UUID credentialId, String owner, String deviceId, AccountKind kind) {
        return DeviceCredential.<DeviceCredential>findById(credentialId).flatMap(known -> {
            if (known != null) {
                return Uni.createFrom().voidItem();
            }
            DeviceCredential credential = new DeviceCredential();
            credential.credentialId = credentialId;
            credential.owner = owner;
            credential.deviceId = deviceId;
            credential.kind = kind;
            credential.active = true;
            credential.updatedAt = clock.instant();
            return credential.persist().replaceWithVoid();
        });
    }

    /** A PushCredentialRevoked; one that comes before its PushCredentialIssued is remembered as revoked. */
    @WithTransaction
    public Uni<Void> revoked(UUID credentialId, String owner, String deviceId) {
        return DeviceCredential.<DeviceCredential>findById(credentialId).flatMap(known -> {
            if (known != null) {
                known.active = false;
                known.updatedAt = clock.instant();
                return Uni.createFrom().voidItem();
            }
            DeviceCredential credential = new DeviceCredential();
            credential.credentialId = credentialId;
            credential.owner = owner;
            credential.deviceId = deviceId;
            credential.kind = null;
            credential.active = false;
            credential.updatedAt = clock.instant();
            return credential.persist().replaceWithVoid();
        });
    }

    /**
     * Whether the device is one of the person's phones, not a new one: it holds or ever held a credential
     * of theirs (a thief must not revoke it, then name it), or it wrote one of their backups.
     */
    @WithSession
    public Uni<Boolean> inUse(String owner, String deviceId) {
        return DeviceCredential.count("owner = ?1 and deviceId = ?2", owner, deviceId).flatMap(held -> held > 0
                ? Uni.createFrom().item(true)
                : CatalogueEntry.count("owner = ?1 and deviceId = ?2", owner, deviceId).map(wrote -> wrote > 0));
    }

    /** Whether another phone than {@code deviceId} holds an active personal credential: it can approve. */
    @WithSession
    public Uni<Boolean> canApprove(String owner, String deviceId) {
        return DeviceCredential.count("owner = ?1 and deviceId <> ?2 and active and kind = ?3", owner, deviceId,
                        AccountKind.PERSONAL)
                .map(count -> count > 0);
    }
}
