package io.authcloud.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.Tokens;
import io.authcloud.testing.KeycloakTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A phone opened in a new process holds no password: when the server wants a recent sign-in
 * (step-up-required), the app asks its person for the password, signs in again and carries on.
 */
@ExtendWith(RunningStack.class)
class TheAppSignsInAgainTest {

    /** dave's mailbox: no other system test reads codes from it at the same time. */
    private static final String DAVE = "dave@contoso.example.test";

    @Test
    void aPhoneWhoseSignInIsOldAsksForThePasswordOnceAndCarriesOn() {
        Phone phone = phoneWithAnOldSignIn("dave");
        List<String> asked = new ArrayList<>();
        phone.askingForThePasswordWith(user -> {
            asked.add(user);
            return user + "-password";
        });
        int seen = People.MAILBOX.count(DAVE);

        String accountRef = "personal-" + UUID.randomUUID();
        phone.addPushAccount("personal", accountRef, DAVE, null);
        var account = phone.verifyPersonal(accountRef, "email",
                started -> People.MAILBOX.awaitCode(DAVE, seen, Duration.ofSeconds(30)));

        assertThat(asked).containsExactly("dave");
        assertThat(account.hasCredential()).isTrue();
    }

    @Test
    void withNobodyToAskTheStepUpProblemReachesThePerson() {
        Phone phone = phoneWithAnOldSignIn("dave");
        String accountRef = "personal-" + UUID.randomUUID();
        phone.addPushAccount("personal", accountRef, DAVE, null);
        assertThatThrownBy(() -> phone.verifyPersonal(accountRef, "email", started -> "000000"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.type()).isEqualTo("step-up-required"));
    }

    /** The phone as a new process finds it: its sign-in (a token without a recent auth_time) and no password. */
    private static Phone phoneWithAnOldSignIn(String user) {
        Path folder = People.PHONES.resolve(user + "-" + UUID.randomUUID());
        Phone.create(folder, RunningStack.ENDPOINTS, "android", People.freshStorageAccount(user)).signIn(user, user + "-password", false);
        Phone reopened = Phone.open(folder, RunningStack.ENDPOINTS);
        reopened.state().tokens = new Tokens(KeycloakTokens.password(user), null, Instant.now().plusSeconds(240),
                Instant.now().minus(Duration.ofHours(1)));
        return reopened;
    }
}
