package io.authcloud.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which failures a consumer tries again before a record goes to the dead-letter topic. */
@Tag("unit")
class EventInboxRetryTest {

    private static final Duration BACKOFF = Duration.ofMillis(5);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aFailureThatPassesIsTriedAgainUntilItSucceeds() {
        AtomicInteger tries = new AtomicInteger();
        String result = EventInbox.retryingTransient(() -> tries.incrementAndGet() < EventInbox.TRIES
                ? Uni.createFrom().failure(new IllegalStateException("connection reset"))
                : Uni.createFrom().item("applied"), BACKOFF).await().atMost(WAIT);

        assertThat(result).isEqualTo("applied");
        assertThat(tries).hasValue(EventInbox.TRIES);
    }

    @Test
    void aFailureThatLastsGivesUpAfterTheLastTry() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> EventInbox.retryingTransient(() -> {
            tries.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("database down"));
        }, BACKOFF).await().atMost(WAIT)).hasMessageContaining("database down");
        assertThat(tries).hasValue(EventInbox.TRIES);
    }

    @Test
    void anUnreadableOrRefusedRecordIsNotTriedAgain() {
        for (RuntimeException poison : new RuntimeException[] {
                new PoisonEvent("VerificationSucceeded lacks required fields"),
                new IllegalArgumentException("a tenant exactly when an activation code proved it"),
                new ProblemException(ProblemType.NOT_FOUND, "no such recovery")}) {
            AtomicInteger tries = new AtomicInteger();
            assertThatThrownBy(() -> EventInbox.retryingTransient(() -> {
                tries.incrementAndGet();
                return Uni.createFrom().failure(poison);
            }, BACKOFF).await().atMost(WAIT)).isSameAs(poison);
            assertThat(tries).hasValue(1);
        }
    }
}
