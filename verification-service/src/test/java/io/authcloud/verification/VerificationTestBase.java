package io.authcloud.verification;

import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/** What every verification test starts from: fresh rate limits, the real time, the relay at hand. */
abstract class VerificationTestBase {

    @Inject
    TestClock clock;

    @Inject
    RedisDataSource redis;

    @Inject
    OutboxRelay relay;

    @BeforeEach
    void freshLimits() {
        VerificationApi.forgetRateLimits(redis);
    }
}
