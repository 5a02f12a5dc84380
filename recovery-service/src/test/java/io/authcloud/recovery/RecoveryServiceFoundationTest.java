package io.authcloud.recovery;

import io.authcloud.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RecoveryServiceFoundationTest extends ServiceFoundationContract {

    RecoveryServiceFoundationTest() {
        super("/v1/me", "postgresql");
    }
}
