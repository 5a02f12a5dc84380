package io.authcloud.verification;

import static io.authcloud.verification.VerificationApi.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starting a verification needs a password sign-in within the last 5 minutes (RFC 9470). */
@QuarkusTest
@QuarkusTestResource(NotificationKeys.class)
class StepUpTest extends VerificationTestBase {

    @Test
    void aFreshInteractiveSignInIsAccepted() {
        start(KeycloakTokens.signIn("alice"), "email").then().statusCode(201);
    }

    @Test
    void aTokenWithoutAuthTimeGets401WithTheStepUpChallenge() {
        start(KeycloakTokens.password("alice"), "email").then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"1\""))
                .header("WWW-Authenticate", containsString("max_age=\"300\""))
                .header("WWW-Authenticate", containsString("does not say when you signed in"))
                .contentType("application/problem+json")
                .body("type", endsWith("/step-up-required"))
                .body("maxAge", equalTo(300))
                .body("acrValues", equalTo("1"));
    }

    @Test
    void aSignInOlderThanFiveMinutesGets401() {
        String token = KeycloakTokens.signIn("alice");
        clock.advance(Duration.ofMinutes(5).plusSeconds(5));
        start(token, "email").then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("insufficient_user_authentication"))
                .header("WWW-Authenticate", containsString("too old"));
    }

    @Test
    void aSignInJustUnderFiveMinutesOldIsAccepted() {
        String token = KeycloakTokens.signIn("alice");
        clock.advance(Duration.ofMinutes(4).plusSeconds(30));
        start(token, "email").then().statusCode(201);
    }

    @Test
    void reachingTheCodeOfAStartedVerificationNeedsNoNewSignIn() {
        String id = VerificationApi.startOk(KeycloakTokens.signIn("alice"), "email");
        clock.advance(Duration.ofMinutes(6));
        VerificationApi.submit("alice", id, "000000").then().statusCode(org.hamcrest.Matchers.not(401));
    }
}
