package io.authcloud.verification;

import static io.authcloud.verification.VerificationApi.resend;
import static io.authcloud.verification.VerificationApi.startOk;
import static io.authcloud.verification.VerificationApi.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A new code after 60 seconds, at most 5 codes per verification; a new code retires the old one. */
@QuarkusTest
class ResendTest extends VerificationTestBase {

    @Test
    void aResendWithinSixtySecondsIsRefusedWithRetryAfter() {
        String id = startOk(KeycloakTokens.signIn("alice"), "email");
        clock.advance(Duration.ofSeconds(20));

        var early = resend("alice", id);

        early.then().statusCode(429).body("type", endsWith("/rate-limited"));
        assertThat(Long.parseLong(early.header("Retry-After"))).isBetween(35L, 40L);
    }

    @Test
    void aResentCodeReplacesTheOldOne() {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            String first = inbox.code(id, 1);
            clock.advance(Duration.ofSeconds(61));

            resend("alice", id).then().statusCode(200).body("sendsLeft", equalTo(3));
            String second = inbox.code(id, 2);

            if (!first.equals(second)) {
                submit("alice", id, first).then().statusCode(422).body("attemptsLeft", equalTo(4));
            }
            submit("alice", id, second).then().statusCode(200).body("status", equalTo("VERIFIED"));
        }
    }

    @Test
    void aResendRenewsTheTenMinutes() {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            clock.advance(Duration.ofMinutes(9));
            resend("alice", id).then().statusCode(200);
            String code = inbox.code(id, 2);
            clock.advance(Duration.ofMinutes(9));
            submit("alice", id, code).then().statusCode(200);
        }
    }

    @Test
    void noMoreThanFiveCodesPerVerification() {
        String id = startOk(KeycloakTokens.signIn("alice"), "email");
        for (int sent = 2; sent <= 5; sent++) {
            clock.advance(Duration.ofSeconds(61));
            resend("alice", id).then().statusCode(200).body("sendsLeft", equalTo(5 - sent));
        }
        clock.advance(Duration.ofSeconds(61));
        var refused = resend("alice", id);
        refused.then().statusCode(429).body("sendsLeft", equalTo(0));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    }

    @Test
    void nothingIsResentForAVerificationThatIsDoneLockedOrExpired() {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String done = startOk(KeycloakTokens.signIn("alice"), "email");
            submit("alice", done, inbox.code(done)).then().statusCode(200);
            clock.advance(Duration.ofSeconds(61));
            resend("alice", done).then().statusCode(409);
        }
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String locked = startOk(KeycloakTokens.signIn("alice"), "email");
            String wrong = VerificationApi.wrong(inbox.code(locked));
            for (int i = 0; i < 5; i++) {
                submit("alice", locked, wrong);
            }
            resend("alice", locked).then().statusCode(423);
        }

        String expired = startOk(KeycloakTokens.signIn("alice"), "email");
        clock.advance(Duration.ofMinutes(11));
        resend("alice", expired).then().statusCode(410);
    }
}
