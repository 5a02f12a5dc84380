package io.authcloud.verification.domain;

import io.authcloud.platform.ratelimit.FixedWindow;
import io.authcloud.verification.config.VerificationConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
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

    private static final Duration HOUR = Duration.ofHours(1);

    private final FixedWindow failures;
    private final FixedWindow sends;
    private final VerificationConfig config;
    private final Secrets secrets;

    public RateLimits(ReactiveRedisDataSource redis, VerificationConfig config, Secrets secrets, Clock clock) {
        this.failures = new FixedWindow(redis, clock, "verification:failures", HOUR);
        this.sends = new FixedWindow(redis, clock, "verification:sends", HOUR);
        this.config = config;
        this.secrets = secrets;
    }

    /**
     * Takes one of the person's hourly wrong-code slots before a code is compared (refusing past the
     * limit), so parallel guesses cannot all slip under it. Give it back with {@link #releaseFailure}
     * when the try was not a wrong code.
     */
    public Uni<Void> takeFailure(String owner) {
        return failures.take(owner, config.limits().failuresPerPersonPerHour(), VerificationProblems::tooManyFailures)
                .replaceWithVoid();
    }

    public Uni<Void> releaseFailure(String owner) {
        return failures.giveBack(owner);
    }

    /** Counts a code sent to {@code destination}; refuses past the hourly limit. */
    public Uni<Void> countSend(String destination) {
        return sends.take(secrets.hash("destination", destination), config.limits().sendsPerDestinationPerHour(),
                VerificationProblems::tooManySends).replaceWithVoid();
    }
}
