package io.authcloud.recovery;

import io.authcloud.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
class RecoveryServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected String protectedPath() {
        return "/v1/recoveries";
    }

    @Override
    protected List<String> readinessDependencies() {
        return List.of("postgresql", "kafka");
    }
}
