package io.authcloud.testing;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/** After each {@code @QuarkusTest} method, the test clock shows the real time again: no test inherits a moved clock. */
public class TestClockReset implements QuarkusTestAfterEachCallback {

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        try (InstanceHandle<TestClock> clock = Arc.container().instance(TestClock.class)) {
            if (clock.isAvailable()) {
                clock.get().reset();
            }
        }
    }
}
