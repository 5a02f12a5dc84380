package io.authcloud.verification;

import io.authcloud.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
class VerificationServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected String protectedPath() {
        return "/v1/verifications";
    }

    @Override
    protected List<String> readinessDependencies() {
        return List.of("postgresql", "redis", "kafka");
    }
}
