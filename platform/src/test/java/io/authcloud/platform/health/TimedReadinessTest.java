package io.authcloud.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.net.ConnectException;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A readiness probe answers in time whatever its dependency does: up, refused, or silent. */
@Tag("unit")
class TimedReadinessTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    @Test
    void anAnswerInTimeIsUp() {
        HealthCheckResponse response = TimedReadiness.of("db", Uni.createFrom().item("1"), TIMEOUT).await().indefinitely();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getName()).isEqualTo("db");
    }

    @Test
    void aFailureIsDownWithItsClassNotItsMessage() {
        HealthCheckResponse response = TimedReadiness.of("db",
                Uni.createFrom().failure(new ConnectException("secret-host:5432 refused")), TIMEOUT).await().indefinitely();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("reason", "ConnectException");
        assertThat(response.getData().orElseThrow().toString()).doesNotContain("secret-host");
    }

    @Test
    void silenceIsDownAfterTheTimeoutNotLater() {
        // A probe that never answers: the readiness answer comes anyway (await fails after 5 s otherwise).
        HealthCheckResponse response = TimedReadiness.of("db", Uni.createFrom().nothing(), TIMEOUT)
                .await().atMost(Duration.ofSeconds(5));
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("reason", "TimeoutException");
    }
}
