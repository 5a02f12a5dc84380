package io.authcloud.notification.events;

import io.authcloud.notification.credentials.PushCredential;
import io.authcloud.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Writes credential events into the outbox, in the caller's transaction, for {@value #TOPIC}. */
@ApplicationScoped
public class CredentialEvents {

    public static final String TOPIC = "credential-events";
    public static final String TYPE_PREFIX = "io.authcloud.notification.";

    private final Outbox outbox;

    public CredentialEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<UUID> issued(PushCredential credential, String platform) {
        return append(credential, new PushCredentialIssued(credential.id, credential.owner, credential.accountRef,
                credential.kind, credential.tenant, credential.deviceId, platform, credential.verificationId, credential.recoveryId,
                credential.createdAt));
    }

    public Uni<UUID> revoked(PushCredential credential) {
        return append(credential, new PushCredentialRevoked(credential.id, credential.owner, credential.accountRef,
                credential.deviceId, credential.recoveryId, credential.revokedReason, credential.revokedAt));
    }

    private Uni<UUID> append(PushCredential credential, Record event) {
        return outbox.append(TOPIC, credential.owner, TYPE_PREFIX + event.getClass().getSimpleName(),
                "push-credentials/" + credential.id, event);
    }
}
