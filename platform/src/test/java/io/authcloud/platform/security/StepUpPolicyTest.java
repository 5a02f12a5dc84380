package io.authcloud.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authcloud.platform.problem.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class StepUpPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final StepUpConfig CONFIG = new StepUpConfig() {
        @Override
        public Duration maxAge() {
            return Duration.ofMinutes(5);
        }

        @Override
        public List<String> acrValues() {
            return List.of("1");
        }
    };
    private final StepUpPolicy policy = new StepUpPolicy(CONFIG, Clock.fixed(NOW, ZoneOffset.UTC));

    private static FakeToken signedIn(Instant at, String acr) {
        return new FakeToken(Map.of("auth_time", at.getEpochSecond(), "acr", acr));
    }

    @Test
    void aPasswordEnteredAMinuteAgoIsRecent() {
        assertThat(policy.refusal(signedIn(NOW.minusSeconds(60), "1"))).isNull();
    }

    @Test
    void aSignInSixMinutesAgoIsTooOld() {
        assertThat(policy.refusal(signedIn(NOW.minusSeconds(360), "1"))).contains("too old");
    }

    @Test
    void aTokenWithoutAuthTimeIsNotAStepUp() {
        assertThat(policy.refusal(new FakeToken(Map.of("acr", "1")))).contains("does not say when");
    }

    @Test
    void aSignInInTheFutureIsRefused() {
        assertThat(policy.refusal(signedIn(NOW.plusSeconds(3600), "1"))).contains("in the future");
    }

    @Test
    void aSilentSingleSignOnIsNotEnough() {
        assertThat(policy.refusal(signedIn(NOW.minusSeconds(10), "0"))).contains("authentication level");
    }

    @Test
    void theChallengeTellsTheAppWhatToAskFor() {
        assertThatThrownBy(() -> policy.require(signedIn(NOW.minusSeconds(360), "1")))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.problem().getStatus()).isEqualTo(401);
                    assertThat(problem.problem().getType().toString()).endsWith("/step-up-required");
                    assertThat(problem.headers().get("WWW-Authenticate"))
                            .contains("insufficient_user_authentication").contains("acr_values=\"1\"").contains("max_age=\"300\"");
                });
    }
}
