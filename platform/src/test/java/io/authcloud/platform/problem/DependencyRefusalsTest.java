package io.authcloud.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An open breaker or a timed-out call to a dependency is "try again shortly" (503), not an incident (500). */
@Tag("unit")
class DependencyRefusalsTest {

    @Test
    void faultToleranceRefusalsAreRecognisedByTheirFamily() {
        assertThat(ProblemExceptionMappers.isFaultToleranceRefusal(new CircuitBreakerOpenException("open"))).isTrue();
        assertThat(ProblemExceptionMappers.isFaultToleranceRefusal(new TimeoutException("slow"))).isTrue();
        assertThat(ProblemExceptionMappers.isFaultToleranceRefusal(new IllegalStateException("a bug"))).isFalse();
    }
}
