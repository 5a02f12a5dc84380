package io.authcloud.notification;

import io.authcloud.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class NotificationServiceFoundationTest extends ServiceFoundationContract {

    NotificationServiceFoundationTest() {
        super("/v1/devices", "postgresql", "redis");
    }
}
