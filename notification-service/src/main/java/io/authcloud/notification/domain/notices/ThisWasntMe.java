package io.authcloud.notification.domain.notices;

import io.authcloud.notification.domain.credentials.CredentialSecrets;
import io.authcloud.notification.domain.credentials.CredentialService;
import io.authcloud.notification.events.CredentialEvents;
import io.authcloud.notification.events.NotMeReported;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;

/**
 * The person's answer to a security notice, "this wasn't me": what the notice's event created is revoked,
 * and everyone hears of it (NotMeReported). The mailed token is the only proof, once and for a week.
 */
@ApplicationScoped
public class ThisWasntMe {

    private static final String NOT_ME = "reported by the owner: this wasn't me";

    /** What the report did: how many credentials it revoked, issued since when. */
    public record NotMeOutcome(int revoked, Instant since) {
    }

    private final CredentialSecrets secrets;
    private final CredentialService credentials;
    private final CredentialEvents events;
    private final Clock clock;

    public ThisWasntMe(CredentialSecrets secrets, CredentialService credentials, CredentialEvents events, Clock clock) {
        this.secrets = secrets;
        this.credentials = credentials;
        this.events = events;
        this.clock = clock;
    }

    /**
     * "This wasn't me": revokes every credential issued to the person since the notice's {@code since}
     * (whatever device or recovery), those of the notice's recovery and device and its credential, and tells
     * everyone through {@code NotMeReported} in the same transaction (recovery-service cancels the person's
     * recoveries, this service signs them out). The token works once and for a week.
     */
    public Uni<NotMeOutcome> notMe(String token) {
        String hash = secrets.hashToken(token);
        Instant now = clock.instant();
        return Panache.withTransaction(() -> SecurityNotice.<SecurityNotice>find("tokenHash", hash)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(notice -> {
                    if (notice == null || notice.usedAt != null || !now.isBefore(notice.expiresAt)) {
                        throw new ProblemException(ProblemType.NOT_FOUND, "This link is not valid: it was already used,"
                                + " has expired, or was never issued. Revoke devices from the app, or contact support.");
                    }
                    notice.usedAt = now;
                    Instant since = notice.sinceOrCreated();
                    // Everything issued since: an attacker chooses device ids and recoveries freely.
                    Uni<Integer> bySince = credentials.revokeWhere("owner = ?1 and createdAt >= ?2", NOT_ME, notice.owner, since);
                    // A recovery's credentials: those issued from its verifications and those on its device
                    // (an activation code's verification names no recovery). The device gets no more either.
                    return bySince
                            .flatMap(count -> notice.recoveryId == null ? Uni.createFrom().item(count)
                                    : credentials.revokeWhere("owner = ?1 and (recoveryId = ?2 or deviceId = ?3)", NOT_ME,
                                            notice.owner, notice.recoveryId, notice.deviceId).map(more -> count + more))
                            .flatMap(count -> notice.credentialId == null ? Uni.createFrom().item(count)
                                    : credentials.revokeWhere("owner = ?1 and id = ?2", NOT_ME, notice.owner, notice.credentialId)
                                            .map(more -> count + more))
                            .call(count -> events.notMeReported(new NotMeReported(notice.id, notice.owner, notice.recoveryId,
                                    notice.deviceId, since, count, now)))
                            .invoke(count -> Log.infof("Notice %s of %s: 'this wasn't me', %d credentials revoked, sign-out requested",
                                    notice.id, notice.owner, count))
                            .map(count -> new NotMeOutcome(count, since));
                }));
    }
}
