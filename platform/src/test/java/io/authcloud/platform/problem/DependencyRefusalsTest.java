package io.authcloud.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A dependency that did not answer is "try again shortly" (503), not an incident (500). */
@Tag("unit")
class DependencyRefusalsTest {

    @Test
    void faultToleranceRefusalsAreRecognisedByTheirFamily() {
        assertThat(DependencyFailures.isTransient(new CircuitBreakerOpenException("open"))).isTrue();
        assertThat(DependencyFailures.isTransient(new TimeoutException("slow"))).isTrue();
    }

    @Test
    void connectionsRefusedClosedOrTimedOutAreRecognisedAlongTheCauses() {
        assertThat(DependencyFailures.isTransient(new ConnectException("refused"))).isTrue();
        assertThat(DependencyFailures.isTransient(new io.smallrye.mutiny.TimeoutException())).isTrue();
        assertThat(DependencyFailures.isTransient(new ConnectionPoolTooBusyException("queue full"))).isTrue();
        assertThat(DependencyFailures.isTransient(
                new CompletionException(new IllegalStateException("wrapped", new java.util.concurrent.TimeoutException()))))
                .isTrue();
        assertThat(DependencyFailures.isTransient(new NoStackTraceThrowable("Timeout"))).isTrue();
    }

    @Test
    void aBugIsNot() {
        assertThat(DependencyFailures.isTransient(new IllegalStateException("a bug"))).isFalse();
        assertThat(DependencyFailures.isTransient(new CompletionException(new NullPointerException()))).isFalse();
        assertThat(DependencyFailures.isTransient(new NoStackTraceThrowable("Invalid state"))).isFalse();
    }
}
