package io.authcloud.notification;

import io.authcloud.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
class NotificationServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected String protectedPath() {
        return "/v1/devices";
    }

    @Override
    protected List<String> readinessDependencies() {
        return List.of("postgresql", "redis", "kafka");
    }
}
