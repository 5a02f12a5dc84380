package io.authcloud.notification.domain.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.platform.problem.ProblemException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rule that only the authenticator app answers from a phone, without servers: the realm issues user
 * tokens to no other accepted client, so the full-stack tests cannot make such a token.
 */
@Tag("unit")
class AnswersFromTheAppOnlyTest {

    private final SignInService signIns = new SignInService(null, null, null, null, null, config("authenticator-app"), Clock.systemUTC(), null);

    @Test
    void anAnswerWithATokenOfAnotherClientIsNotFoundBeforeAnythingIsRead() {
        Throwable refused = catchThrowable(() -> signIns.respond("sign-in-portal", "someone", UUID.randomUUID(), "phone-1", 42,
                true, "signature").await().indefinitely());

        assertThat(refused).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) refused).problem().getStatus()).isEqualTo(404);
        assertThat(((ProblemException) refused).problem().getType().toString()).endsWith("/not-found");
    }

    @Test
    void anAnswerWithoutAClientIsNotFoundEither() {
        Throwable refused = catchThrowable(() -> signIns.respond("null", "someone", UUID.randomUUID(), "phone-1", 42,
                true, "signature").await().indefinitely());

        assertThat(((ProblemException) refused).problem().getStatus()).isEqualTo(404);
    }

    private static NotificationConfig config(String appClientId) {
        return (NotificationConfig) Proxy.newProxyInstance(NotificationConfig.class.getClassLoader(),
                new Class<?>[] {NotificationConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("appClientId")) {
                        return appClientId;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
