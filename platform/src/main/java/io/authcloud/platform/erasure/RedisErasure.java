package io.authcloud.platform.erasure;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.stream.Collectors;

/**
 * Deletes a service's Redis keys that name a person (its limits' counters: {@code <name>:<sub>:<window>}), by a
 * SCAN of the keyspace: erasures are rare, and a key names its person wherever the service put them in it. Not a
 * bean: only the services with Redis call it.
 */
public final class RedisErasure {

    private RedisErasure() {
    }

    /**
     * How many keys naming {@code sub} were deleted among those starting with one of {@code prefixes}: the service's
     * own (its Redis login may touch no other key; SCAN itself sees every key).
     */
    public static Uni<Long> forgetKeysNaming(ReactiveRedisDataSource redis, String sub, String... prefixes) {
        ReactiveKeyCommands<String> keys = redis.key();
        return Multi.createFrom().items(prefixes)
                .onItem().transformToMultiAndConcatenate(prefix -> keys
                        .scan(new KeyScanArgs().match(escapeGlob(prefix) + "*" + escapeGlob(sub) + "*").count(500)).toMulti())
                .onItem().transformToUniAndConcatenate(key -> keys.del(key))
                .collect().with(Collectors.summingLong(Integer::longValue));
    }

    private static String escapeGlob(String value) {
        return value.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
