package io.authcloud.notification.domain.erasure;

import io.authcloud.notification.events.CredentialEvents;
import io.authcloud.platform.erasure.ErasedSubjects;
import io.authcloud.platform.erasure.RedisErasure;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * notification-service's part of an erasure: the person's devices (with their push tokens), pushes waiting for
 * them, credential grants and push credentials, sign-in requests and their audit, code deliveries, security
 * notices, the code-failure streak, the security activity, and their sign-in counters in Redis; then
 * NotificationDataErased. No PushCredentialRevoked is written: the credentials are gone with everything else.
 */
@ApplicationScoped
public class PersonalData {

    public static final String SERVICE = "notification-service";

    private static final List<String> DELETES = List.of(
            "DELETE FROM sign_in_audit WHERE owner = :owner"
                    + " OR request_id IN (SELECT id FROM sign_in_request WHERE owner = :owner)",
            "DELETE FROM sign_in_request WHERE owner = :owner",
            "DELETE FROM push_credential WHERE owner = :owner",
            "DELETE FROM credential_grant WHERE owner = :owner",
            "DELETE FROM device_notification WHERE owner = :owner",
            "DELETE FROM device WHERE owner = :owner",
            "DELETE FROM delivery WHERE owner = :owner",
            "DELETE FROM security_notice WHERE owner = :owner",
            "DELETE FROM code_failure_streak WHERE owner = :owner",
            "DELETE FROM activity WHERE owner = :owner");

    private final ErasedSubjects erasedSubjects;
    private final CredentialEvents events;
    private final ReactiveRedisDataSource redis;
    private final Clock clock;

    public PersonalData(ErasedSubjects erasedSubjects, CredentialEvents events, ReactiveRedisDataSource redis, Clock clock) {
        this.erasedSubjects = erasedSubjects;
        this.events = events;
        this.redis = redis;
        this.clock = clock;
    }

    /** Erases it all in the caller's transaction and confirms; Redis's counters go too. */
    @WithTransaction
    public Uni<Void> erase(UUID erasureId, String owner) {
        Instant now = clock.instant();
        return erasedSubjects.erase(owner, DELETES)
                .call(() -> events.dataErased(erasureId, owner, now))
                .call(() -> RedisErasure.forgetKeysNaming(redis, owner, "signin:", "totp-used:"))
                .invoke(rows -> Log.infof("Erasure %s of %s: %d rows of devices, credentials, sign-ins, deliveries, notices"
                        + " and activity erased", erasureId, owner, rows))
                .replaceWithVoid();
    }
}
