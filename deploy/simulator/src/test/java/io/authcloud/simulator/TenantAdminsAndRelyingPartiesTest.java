package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.Portal;
import io.authcloud.simulator.app.QrCodes;
import io.authcloud.simulator.app.TenantAdmin;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rogue tenant admin cannot reach a person's personal account, a stolen access token cannot redeem an
 * activation code, a credential of one kind never answers for the other, relying parties see only their
 * own requests, and tokens of clients the API does not serve are refused. Through the gateway.
 */
@ExtendWith(RunningStack.class)
class TenantAdminsAndRelyingPartiesTest {

    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aTenantAdminCannotIssueAnActivationForAPersonalAccountAndLearnsNothingFromTheRefusal() {
        TenantAdmin carol = new TenantAdmin(RunningStack.ENDPOINTS, "carol", "carol-password");
        String otherTenantsUser = refused("forbidden", 403, () -> carol.issue("bob", "contoso-work")).body().get("detail").asText();

        assertThat(refused("forbidden", 403, () -> carol.issue("alice", "personal")).body().get("detail").asText())
                .isEqualTo(otherTenantsUser);

        KeycloakPeople.Person person = KeycloakPeople.create("contoso-personal", null, "contoso");
        Phone phone = phone(person);
        phone.addPushAccount("personal", "my-account", person.email(), null);
        People.verifyByEmail(phone, "my-account", person.email());
        assertThat(refused("forbidden", 403, () -> carol.issue(person.username(), "my-account")).body().get("detail").asText())
                .isEqualTo(otherTenantsUser);
        assertThat(phone.credentials().toString()).contains("\"kind\":\"personal\"").doesNotContain("\"kind\":\"work\"");
        carol.issue(person.username(), "contoso-work");
    }

    @Test
    void redeemingAnActivationCodeNeedsAFreshSignInNotJustAnAccessToken() {
        KeycloakPeople.Person person = KeycloakPeople.create("qr-step-up", null, "contoso");
        TenantAdmin.Issued issued = new TenantAdmin(RunningStack.ENDPOINTS, "carol", "carol-password")
                .issue(person.username(), "contoso-work");
        Map<String, String> activation = QrCodes.activation(QrCodes.read(issued.png()));
        Http stolen = new Http(GATEWAY, () -> KeycloakTokens.password(person.username()));

        ApiProblem stepUp = refused("step-up-required", 401, () -> stolen.post("/v1/verifications/qr", Map.of(
                "activationCode", activation.get("code"), "url", activation.get("url"), "accountRef", "contoso-work",
                "deviceId", "thiefs-phone")));
        assertThat(stepUp.header("WWW-Authenticate")).contains("insufficient_user_authentication");

        Phone phone = phone(person);
        phone.addPushAccount("work", "contoso-work", person.email(), "contoso");
        assertThat(phone.scanQr("contoso-work", QrCodes.read(issued.png())).hasCredential()).isTrue();
    }

    @Test
    void aWorkCredentialNeverAnswersAPersonalSignInAndAnEmailedCodeNeverProvesAWorkAccount() {
        KeycloakPeople.Person person = KeycloakPeople.create("one-kind", null, "contoso");
        Phone phone = phone(person);
        phone.addPushAccount("work", "contoso-work", person.email(), "contoso");
        People.activateWithCarolsQr(phone, person.username(), "contoso-work");

        refused("not-found", 404, () -> People.portal().requestPush(person.username(), "contoso-work", "Personal mail"));
        JsonNode work = People.portal().requestPush(person.username(), "contoso-work", "contoso", "Contoso Intranet");
        assertThat(work.get("tenant").asText()).isEqualTo("contoso");

        Phone second = phone(person);
        second.addPushAccount("personal", "contoso-work", person.email(), null);
        refused("forbidden", 403, () -> People.verifyByEmail(second, "contoso-work", person.email()));
        assertThat(second.credentials().toString()).doesNotContain(second.state().deviceId);
    }

    @Test
    void aSignInRequestBelongsToTheRelyingPartyThatMadeIt() {
        JsonNode request = People.portal().requestPush("alice", "personal", "Contoso Mail");
        Portal other = new Portal(RunningStack.ENDPOINTS, "other-portal", "other-portal-local-secret");

        refused("not-found", 404, () -> other.status(request.get("id").asText()));
        assertThat(People.portal().status(request.get("id").asText()).get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void aTokenOfAClientTheApiDoesNotServeIsRefusedThoughItCarriesTheAudience() {
        String token = KeycloakTokens.unexpectedClient("alice");
        assertThat(KeycloakTokens.claims(token).get("aud").toString()).contains("authcloud-api");
        for (String path : new String[] {"/v1/backups", "/v1/me", "/v1/devices"}) {
            ApiProblem refusal = refused("invalid-token", 401, () -> new Http(GATEWAY, () -> token).get(path));
            assertThat(refusal.header("WWW-Authenticate")).contains("invalid_token");
        }
    }

    @Test
    void guessingSignInCodesIsSlowedAndThePersonIsTold() {
        KeycloakPeople.Person person = KeycloakPeople.create("guessed");
        Phone phone = phone(person);
        phone.addPushAccount("personal", "personal", person.email(), null);
        People.verifyByEmail(phone, "personal", person.email());
        String wrong = phone.code("personal", java.time.Instant.now()).equals("000000") ? "111111" : "000000";

        for (int i = 0; i < 10; i++) {
            refused("code-invalid", 422, () -> People.portal().verifyCode(person.username(), wrong));
        }
        ApiProblem slowed = refused("rate-limited", 429, () -> People.portal().verifyCode(person.username(), wrong));
        assertThat(slowed.header("Retry-After")).isNotNull();
        GreenMailInbox.await(person.email(), mail -> mail.subject().equals("Someone is trying sign-in codes for your account"),
                WAIT);
    }

    private static Phone phone(KeycloakPeople.Person person) {
        Phone phone = Phone.create(People.PHONES.resolve(person.username() + "-" + UUID.randomUUID()),
                RunningStack.ENDPOINTS, "ios", People.freshStorageAccount(person.username()));
        phone.signIn(person.username(), person.password(), false);
        phone.registerDevice();
        return phone;
    }
}
