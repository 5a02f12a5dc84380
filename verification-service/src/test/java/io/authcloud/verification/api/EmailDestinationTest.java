package io.authcloud.verification.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.security.CurrentPerson;
import io.authcloud.verification.domain.Caller;
import io.authcloud.verification.domain.Channel;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rule that decides where a code goes, read from the token's claims without any server: an email
 * address is a destination only when the token says it is verified ({@code email_verified} true).
 */
@Tag("unit")
class EmailDestinationTest {

    private static final String EMAIL = "someone@example.test";
    private static final String PHONE = "+15550100001";

    @Test
    void aVerifiedEmailIsWhereTheCodeGoes() {
        assertThat(Caller.of(new CurrentPerson(token(EMAIL, Boolean.TRUE, null))).destination(Channel.EMAIL)).isEqualTo(EMAIL);
        assertThat(Caller.of(new CurrentPerson(token(EMAIL, JsonValue.TRUE, null))).destination(Channel.EMAIL)).isEqualTo(EMAIL);
    }

    @Test
    void anUnverifiedEmailIsNoDestinationLikeNoEmailAtAll() {
        for (Object unverified : new Object[] {Boolean.FALSE, JsonValue.FALSE, "false"}) {
            Problem problem = refusal(token(EMAIL, unverified, PHONE), Channel.EMAIL);
            assertThat(problem.getStatus()).isEqualTo(422);
            assertThat(problem.getType().toString()).endsWith("/destination-unavailable");
            assertThat(problem.getDetail()).contains("not verified").doesNotContain(EMAIL);
            assertThat(problem.getExtensions()).containsEntry("channel", Channel.EMAIL);
        }
        assertThat(refusal(token(null, null, PHONE), Channel.EMAIL).getType())
                .isEqualTo(refusal(token(EMAIL, Boolean.FALSE, PHONE), Channel.EMAIL).getType());
    }

    @Test
    void anEmailWithoutTheVerifiedClaimCountsAsUnverified() {
        Problem problem = refusal(token(EMAIL, null, null), Channel.EMAIL);
        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getType().toString()).endsWith("/destination-unavailable");
    }

    @Test
    void thePhoneNumberServesWhetherOrNotTheEmailIsVerified() {
        assertThat(Caller.of(new CurrentPerson(token(EMAIL, Boolean.FALSE, PHONE))).destination(Channel.SMS)).isEqualTo(PHONE);
        assertThat(refusal(token(EMAIL, Boolean.TRUE, null), Channel.SMS).getType().toString())
                .endsWith("/destination-unavailable");
    }

    private static Problem refusal(JsonWebToken token, Channel channel) {
        ProblemException refused = catchThrowableOfType(() -> Caller.of(new CurrentPerson(token)).destination(channel),
                ProblemException.class);
        assertThat(refused).as("no destination for " + channel).isNotNull();
        return refused.problem();
    }

    /** A token of a user with these claims; a null claim is absent, as Keycloak leaves it out. */
    private static JsonWebToken token(String email, Object emailVerified, String phoneNumber) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "person-1");
        claims.put("preferred_username", "someone");
        if (email != null) {
            claims.put("email", email);
        }
        if (emailVerified != null) {
            claims.put("email_verified", emailVerified);
        }
        if (phoneNumber != null) {
            claims.put("phone_number", phoneNumber);
        }
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "someone";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }
}
