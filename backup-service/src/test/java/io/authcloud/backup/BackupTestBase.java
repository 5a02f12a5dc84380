package io.authcloud.backup;

import io.authcloud.testing.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/** What every backup test starts from: fresh write quotas and the real time. */
abstract class BackupTestBase {

    @Inject
    TestClock clock;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void freshQuotas() {
        BackupApi.forgetRateLimits(redis);
    }
}
