package io.authcloud.verification.domain;

import io.authcloud.verification.config.VerificationConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/**
 * Limits across verifications, counted per clock hour in Redis and shared by every replica: wrong codes
 * per person (guessing across many verifications) and codes sent per destination (someone flooding an
 * inbox or phone). Destinations appear in keys only as keyed hashes.
 */
@ApplicationScoped
public class RateLimits {

    private static final long HOUR = 3600;

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;
    private final VerificationConfig config;
    private final Secrets secrets;
    private final Clock clock;

    public RateLimits(ReactiveRedisDataSource redis, VerificationConfig config, Secrets secrets, Clock clock) {
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.config = config;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * Takes one of the person's hourly wrong-code slots before a code is compared (refusing past the
     * limit), so parallel guesses cannot all slip under it. Give it back with {@link #releaseFailure}
     * when the try was not a wrong code.
     */
    public Uni<Void> takeFailure(String owner) {
        String key = failuresKey(owner);
        return counters.incr(key)
                .call(count -> keys.expire(key, Duration.ofSeconds(2 * HOUR)))
                .flatMap(count -> {
                    if (count > config.limits().failuresPerPersonPerHour()) {
                        return counters.decr(key).map(ignored -> {
                            throw VerificationProblems.tooManyFailures(secondsToNextHour());
                        });
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    public Uni<Void> releaseFailure(String owner) {
        return counters.decr(failuresKey(owner)).replaceWithVoid();
    }

    /** Counts a code sent to {@code destination}; refuses past the hourly limit. */
    public Uni<Void> countSend(String destination) {
        String key = "verification:sends:" + secrets.hash("destination", destination) + ":" + hour();
        return counters.incr(key)
                .call(count -> keys.expire(key, Duration.ofSeconds(2 * HOUR)))
                .invoke(count -> {
                    if (count > config.limits().sendsPerDestinationPerHour()) {
                        throw VerificationProblems.tooManySends(secondsToNextHour());
                    }
                })
                .replaceWithVoid();
    }

    private String failuresKey(String owner) {
        return "verification:failures:" + owner + ":" + hour();
    }

    private long hour() {
        return clock.instant().getEpochSecond() / HOUR;
    }

    private long secondsToNextHour() {
        long now = clock.instant().getEpochSecond();
        return Math.max(1, (now / HOUR + 1) * HOUR - now);
    }
}
