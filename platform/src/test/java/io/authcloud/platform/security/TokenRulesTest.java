package io.authcloud.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final TokenConfig CONFIG = () -> Set.of("authenticator-app", "sign-in-portal");
    private static final TokenRules RULES = new TokenRules(CONFIG, CLOCK);

    @Test
    void aTokenOfAServedClientPasses() {
        assertThat(RULES.refusal(new FakeToken(Map.of("azp", "authenticator-app")))).isNull();
    }

    @Test
    void aTokenOfAnotherClientOfTheRealmIsRefused() {
        assertThat(RULES.refusal(new FakeToken(Map.of("azp", "admin-cli"))))
                .contains("client this API does not serve");
    }

    @Test
    void aTokenNamingNoClientIsRefused() {
        assertThat(RULES.refusal(new FakeToken(Map.of("sub", "someone")))).isNotNull();
    }

    @Test
    void theClientIdClaimNamesTheClientWhenThereIsNoAzp() {
        assertThat(RULES.refusal(new FakeToken(Map.of("client_id", "sign-in-portal")))).isNull();
    }

    @Test
    void aSignInInTheFutureIsRefused() {
        long inTwoMinutes = NOW.plusSeconds(120).getEpochSecond();
        assertThat(RULES.refusal(new FakeToken(Map.of("azp", "authenticator-app", "auth_time", inTwoMinutes))))
                .contains("in the future");
    }

    @Test
    void aSignInAMomentAheadOfOurClockIsWithinTheSkew() {
        long ahead = NOW.plusSeconds(30).getEpochSecond();
        assertThat(RULES.refusal(new FakeToken(Map.of("azp", "authenticator-app", "auth_time", ahead)))).isNull();
    }

    @Test
    void noTokenIsNotThisRulesBusiness() {
        assertThat(RULES.refusal(null)).isNull();
    }
}
