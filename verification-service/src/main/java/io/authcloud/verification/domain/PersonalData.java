package io.authcloud.verification.domain;

import io.authcloud.platform.erasure.ErasedSubjects;
import io.authcloud.platform.erasure.RedisErasure;
import io.authcloud.verification.events.VerificationEvents;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * verification-service's part of an erasure: the person's verifications (with their codes and counters in Redis),
 * the activation codes issued for them, their per-person limits' counters; an activation code the person issued
 * as a tenant admin stays with the user it is for, issued by the tenant. Then VerificationDataErased.
 */
@ApplicationScoped
public class PersonalData {

    public static final String SERVICE = "verification-service";

    private static final List<String> DELETES = List.of(
            "DELETE FROM verification WHERE owner = :owner",
            "DELETE FROM qr_activation WHERE target_sub = :owner",
            // An activation code the erased person issued as a tenant admin stays with the user it is for; it says it was
            // issued by the tenant, no longer by whom.
            "UPDATE qr_activation SET issued_by = tenant WHERE issued_by = :owner");

    private final ErasedSubjects erasedSubjects;
    private final OneTimeCodes codes;
    private final VerificationEvents events;
    private final ReactiveRedisDataSource redis;
    private final Clock clock;

    public PersonalData(ErasedSubjects erasedSubjects, OneTimeCodes codes, VerificationEvents events,
            ReactiveRedisDataSource redis, Clock clock) {
        this.erasedSubjects = erasedSubjects;
        this.codes = codes;
        this.events = events;
        this.redis = redis;
        this.clock = clock;
    }

    /** Erases it all in the caller's transaction and confirms; Redis's codes and counters go too. */
    @WithTransaction
    public Uni<Void> erase(UUID erasureId, String owner) {
        Instant now = clock.instant();
        return Verification.<Verification>list("owner", owner)
                .call(verifications -> Multi.createFrom().iterable(verifications)
                        .onItem().transformToUniAndConcatenate(v -> codes.forget(v.id))
                        .collect().last())
                .chain(() -> erasedSubjects.erase(owner, DELETES))
                .call(() -> events.dataErased(erasureId, owner, now))
                .call(() -> RedisErasure.forgetKeysNaming(redis, owner, "verification:", "otp:"))
                .invoke(rows -> Log.infof("Erasure %s of %s: %d rows of verifications and activation codes erased", erasureId,
                        owner, rows))
                .replaceWithVoid();
    }
}
