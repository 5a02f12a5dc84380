package io.authcloud.verification;

import io.authcloud.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class VerificationServiceFoundationTest extends ServiceFoundationContract {

    VerificationServiceFoundationTest() {
        super("/v1/verifications/{id}", "postgresql", "redis");
    }
}
