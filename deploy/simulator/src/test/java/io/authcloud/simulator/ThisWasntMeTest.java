package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.Tokens;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KeycloakPeople;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "This wasn't me" ends a thief's access, whatever device or recovery they chose, and cannot be turned
 * against the person: their own phone keeps its credentials. Through the gateway, with real tokens.
 */
@ExtendWith(RunningStack.class)
class ThisWasntMeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theLinkRevokesWhatWasIssuedSinceTheRecoveryStartedCancelsItAndSignsThePersonOutEverywhere() {
        KeycloakPeople.Person person = KeycloakPeople.create("not-me");
        String storage = People.freshStorageAccount(person.username());
        Phone own = phone(person, storage);
        own.addThirdParty("otpauth://totp/Chirp:x?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        own.addPushAccount("personal", "personal", person.email(), null);
        People.verifyByEmail(own, "personal", person.email());
        own.backup();

        Phone thief = phone(person, storage);
        thief.startRecovery();
        // Something issued to the person after the thief's recovery started, on a device the notice does not name.
        Phone later = phone(person, People.freshStorageAccount(person.username()));
        later.addPushAccount("personal", "personal", person.email(), null);
        People.verifyByEmail(later, "personal", person.email());

        String token = People.MAILBOX.awaitNotMeToken(person.email(), thief.state().deviceId, WAIT);
        JsonNode answer = new Http(RunningStack.ENDPOINTS.gateway(), () -> null)
                .post("/v1/push-credentials/not-me", Map.of("token", token)).body();

        assertThat(answer.get("revoked").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(answer.get("signOut").asText()).isEqualTo("requested");
        assertThat(answer.get("message").asText()).containsIgnoringCase("password");
        assertThat(status(later)).isEqualTo("REVOKED");
        assertThat(status(own)).isEqualTo("ACTIVE");
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                "CANCELLED".equals(thief.recovery().get("status").asText()));
        refused("recovery-closed", 409, thief::restore);
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> KeycloakPeople.sessions(person) == 0);
        thief.state().tokens = new Tokens(thief.state().tokens.accessToken(), thief.state().tokens.refreshToken(),
                Instant.now().minusSeconds(1), thief.state().tokens.signedInAt());
        assertThatThrownBy(thief::recovery).hasMessageContaining("Signing in failed");
        GreenMailInbox.await(person.email(), mail -> mail.subject().equals("You were signed out everywhere: change your password now"),
                WAIT);
        refused("not-found", 404, () -> new Http(RunningStack.ENDPOINTS.gateway(), () -> null)
                .post("/v1/push-credentials/not-me", Map.of("token", token)));
    }

    private static Phone phone(KeycloakPeople.Person person, String storage) {
        Phone phone = Phone.create(People.PHONES.resolve(person.username() + "-" + UUID.randomUUID()),
                RunningStack.ENDPOINTS, "ios", storage);
        phone.signIn(person.username(), person.password(), false);
        phone.registerDevice();
        return phone;
    }

    /** The status of the credential this phone holds, as the person's credential list shows it. */
    private static String status(Phone phone) {
        for (JsonNode device : phone.credentials()) {
            if (device.get("deviceId").asText().equals(phone.state().deviceId)) {
                return device.at("/credentials/0/status").asText();
            }
        }
        throw new AssertionError("No credential on " + phone.state().deviceId);
    }
}
