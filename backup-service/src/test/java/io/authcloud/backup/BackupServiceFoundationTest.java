package io.authcloud.backup;

import io.authcloud.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
class BackupServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected String protectedPath() {
        return "/v1/backups";
    }

    @Override
    protected List<String> readinessDependencies() {
        return List.of("postgresql", "redis", "kafka");
    }
}
