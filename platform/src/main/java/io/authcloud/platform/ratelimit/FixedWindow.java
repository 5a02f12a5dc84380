package io.authcloud.platform.ratelimit;

import io.authcloud.platform.problem.ProblemException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongFunction;

/**
 * A limit counted in fixed windows in Redis, shared by every replica. A request takes its slot before the
 * work it guards (so parallel requests cannot all slip under the limit) and may give it back when the
 * work did not count (a good code). Past the limit the answer is 429 {@code rate-limited} with
 * {@code Retry-After}: the seconds left in the window.
 */
public final class FixedWindow {

    /** A slot taken in one window: which counter, and how many slots of it are taken now. */
    public record Slot(String key, long taken) {
    }

    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;
    private final Clock clock;
    private final String name;
    private final Duration size;

    /** A window of {@code size}; {@code name} prefixes its Redis keys ({@code <name>:<who>:<window>}). */
    public FixedWindow(ReactiveRedisDataSource redis, Clock clock, String name, Duration size) {
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.clock = clock;
        this.name = name;
        this.size = size;
    }

    /**
     * Takes a slot of {@code who}'s current window, or refuses past {@code limit} (giving the slot back) with
     * the problem {@code refusal} words for the seconds left.
     */
    public Uni<Slot> take(String who, long limit, LongFunction<ProblemException> refusal) {
        Instant now = clock.instant();
        String key = name + ":" + who + ":" + windowOf(now, size);
        return counters.incr(key)
                .call(taken -> taken == 1 ? keys.expire(key, size.multipliedBy(2)) : Uni.createFrom().voidItem())
                .flatMap(taken -> taken <= limit ? Uni.createFrom().item(new Slot(key, taken))
                        : counters.decr(key).map(ignored -> {
                            throw refusal.apply(secondsLeft(now, size));
                        }));
    }

    /** Gives a slot back: the work it guarded did not count against the limit. */
    public Uni<Void> giveBack(Slot slot) {
        return counters.decr(slot.key()).replaceWithVoid();
    }

    /** Gives back a slot {@code who} took in the current window (when the caller kept no {@link Slot}). */
    public Uni<Void> giveBack(String who) {
        return counters.decr(name + ":" + who + ":" + windowOf(clock.instant(), size)).replaceWithVoid();
    }

    /** The index of the window {@code at} falls in. */
    public static long windowOf(Instant at, Duration size) {
        return at.getEpochSecond() / size.toSeconds();
    }

    /** Seconds from {@code at} to the end of its window, at least 1. */
    public static long secondsLeft(Instant at, Duration size) {
        long seconds = size.toSeconds();
        long now = at.getEpochSecond();
        return Math.max(1, (now / seconds + 1) * seconds - now);
    }
}
