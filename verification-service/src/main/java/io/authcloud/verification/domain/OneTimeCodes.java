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

    /** What checking a candidate code found. */
    public enum Check {
        /** The code matched and this request consumed it: nobody can use it again. */
        ACCEPTED,
        /** The code is wrong. */
        WRONG,
        /** There is no current code (never sent, expired from Redis, or consumed by a concurrent request). */
        NONE
    }

    private static final Duration CLEANUP_MARGIN = Duration.ofHours(1);
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

    /** Checks a candidate in constant time and consumes the code when it matches. */
    public Uni<Check> check(UUID verificationId, String candidate) {
        return values.get(codeKey(verificationId)).flatMap(stored -> {
            if (stored == null) {
                return Uni.createFrom().item(Check.NONE);
            }
            if (!secrets.matches(stored, context(verificationId), candidate)) {
                return Uni.createFrom().item(Check.WRONG);
            }
            // Only the request whose delete removes the key wins: a code is used once.
            return keys.del(codeKey(verificationId)).map(deleted -> deleted == 1 ? Check.ACCEPTED : Check.NONE);
        });
    }

    /** Counts a wrong try and answers how many wrong tries the verification has had. */
    public Uni<Long> recordWrongTry(UUID verificationId) {
        String key = failuresKey(verificationId);
        return counters.incr(key).call(count -> keys.expire(key, Duration.ofDays(1)));
    }

    /** Forgets the current code (verification locked, expired or done). */
    public Uni<Void> discard(UUID verificationId) {
        return keys.del(codeKey(verificationId)).replaceWithVoid();
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
