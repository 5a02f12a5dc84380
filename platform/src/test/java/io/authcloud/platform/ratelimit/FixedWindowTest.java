package io.authcloud.platform.ratelimit;

import io.authcloud.platform.problem.ProblemException;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The arithmetic of fixed windows: which window a moment falls in, and how long until the next one. */
@Tag("unit")
class FixedWindowTest {

    private static final Instant NOON = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void momentsOfTheSameMinuteShareAWindow() {
        Duration minute = Duration.ofMinutes(1);
        assertThat(FixedWindow.windowOf(NOON.plusSeconds(59), minute)).isEqualTo(FixedWindow.windowOf(NOON, minute));
        assertThat(FixedWindow.windowOf(NOON.plusSeconds(60), minute)).isEqualTo(FixedWindow.windowOf(NOON, minute) + 1);
    }

    @Test
    void retryAfterIsTheRestOfTheWindowAndNeverZero() {
        assertThat(FixedWindow.secondsLeft(NOON, Duration.ofMinutes(1))).isEqualTo(60);
        assertThat(FixedWindow.secondsLeft(NOON.plusSeconds(45), Duration.ofMinutes(1))).isEqualTo(15);
        assertThat(FixedWindow.secondsLeft(NOON.plusSeconds(59), Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(FixedWindow.secondsLeft(Instant.parse("2026-12-01T23:00:00Z"), Duration.ofDays(1))).isEqualTo(3600);
    }

    @Test
    void theRefusalIs429WithRetryAfter() {
        var refusal = ProblemException.rateLimited("Too many tries. Try again in 15 seconds.", 15);
        assertThat(refusal.problem().getStatus()).isEqualTo(429);
        assertThat(refusal.problem().getType().toString()).endsWith("/rate-limited");
        assertThat(refusal.headers()).containsEntry("Retry-After", "15");
        assertThat(refusal.problem().getExtensions()).containsEntry("retryAfterSeconds", 15L);
    }
}
