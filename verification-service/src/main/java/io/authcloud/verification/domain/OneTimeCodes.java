package io.authcloud.verification.domain;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * The hot state of one-time codes, in Redis: only a keyed hash of the current code of each
 * verification, and its count of wrong tries. Validity is decided by the verification's expiry (the
 * service clock); Redis expiry only cleans up.
 */
@ApplicationScoped
public class OneTimeCodes {

    /** What a try found. */
    public enum Outcome {
        /** The code matched and this try consumed it: nobody can use it again. */
        ACCEPTED,
        /** The code is wrong; the try counts. */
        WRONG,
        /** Every allowed try is already taken: nothing was compared. */
        EXHAUSTED,
        /** There is no current code (expired from Redis, or consumed by a concurrent try). */
        NONE,
        /** The wrong try that used the last one locked the verification: nothing was compared. */
        LOCKED
    }

    /** A try and how many wrong tries the verification has had with it. */
    public record Attempt(Outcome outcome, long wrongTries) {
    }

    private static final Duration CLEANUP_MARGIN = Duration.ofHours(1);
    /**
     * What a locked verification's code becomes, instead of nothing: a try that took its slot before the lock and
     * reads the code after it is told "locked", not "consumed by a correct code" (the row says LOCKED only once
     * the locking transaction commits). No sealed code has this form.
     */
    private static final String LOCKED = "locked";
    private static final int DIGITS = 6;

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveValueCommands<String, Long> counters;
    private final ReactiveKeyCommands<String> keys;
    private final Secrets secrets;

    public OneTimeCodes(ReactiveRedisDataSource redis, Secrets secrets) {
        this.values = redis.value(String.class);
        this.counters = redis.value(Long.class);
        this.keys = redis.key();
        this.secrets = secrets;
    }

    /** Makes a new 6-digit code the verification's current one (replacing any earlier) and returns it. */
    public Uni<String> issue(UUID verificationId, Duration validity) {
        String code = secrets.randomDigits(DIGITS);
        return values.set(codeKey(verificationId), secrets.hash(context(verificationId), code),
                        new SetArgs().ex(validity.plus(CLEANUP_MARGIN)))
                .replaceWith(code);
    }

    /**
     * One try of a candidate. The try is taken first (an atomic increment), so that however many tries
     * arrive at once, at most {@code maxAttempts} candidates are ever compared; the comparison is in
     * constant time; a match consumes the code (only the try whose delete removes it wins). A try that
     * turns out not to be a wrong code is given back.
     */
    public Uni<Attempt> attempt(UUID verificationId, String candidate, int maxAttempts) {
        String failures = failuresKey(verificationId);
        return counters.incr(failures)
                .call(taken -> keys.expire(failures, Duration.ofDays(1)))
                .flatMap(taken -> {
                    if (taken > maxAttempts) {
                        return giveBack(failures, Outcome.EXHAUSTED, taken);
                    }
                    return values.get(codeKey(verificationId)).flatMap(stored -> {
                        if (stored == null) {
                            return giveBack(failures, Outcome.NONE, taken);
                        }
                        if (LOCKED.equals(stored)) {
                            return giveBack(failures, Outcome.LOCKED, taken);
                        }
                        if (!secrets.matches(stored, context(verificationId), candidate)) {
                            return Uni.createFrom().item(new Attempt(Outcome.WRONG, taken));
                        }
                        return keys.del(codeKey(verificationId)).flatMap(deleted ->
                                giveBack(failures, deleted == 1 ? Outcome.ACCEPTED : Outcome.NONE, taken));
                    });
                });
    }

    private Uni<Attempt> giveBack(String failures, Outcome outcome, long taken) {
        return counters.decr(failures).replaceWith(new Attempt(outcome, taken - 1));
    }

    /** Forgets the current code (verification expired or done). */
    public Uni<Void> discard(UUID verificationId) {
        return keys.del(codeKey(verificationId)).replaceWithVoid();
    }

    /** Forgets everything kept for a verification: its code (or lock mark) and its failure counter (erasure). */
    public Uni<Void> forget(UUID verificationId) {
        return keys.del(codeKey(verificationId), failuresKey(verificationId)).replaceWithVoid();
    }

    /** Replaces the current code, if any, by the mark of a locked verification, for as long as the code would have lived. */
    public Uni<Void> lock(UUID verificationId) {
        return values.set(codeKey(verificationId), LOCKED, new SetArgs().xx().keepttl()).replaceWithVoid();
    }

    private static String context(UUID verificationId) {
        return "otp:" + verificationId;
    }

    private static String codeKey(UUID verificationId) {
        return "verification:" + verificationId + ":code";
    }

    private static String failuresKey(UUID verificationId) {
        return "verification:" + verificationId + ":failures";
    }
}
