package io.authcloud.backup;

import io.authcloud.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BackupServiceFoundationTest extends ServiceFoundationContract {

    BackupServiceFoundationTest() {
        super("/v1/backups", "postgresql", "redis");
    }
}
