package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Phone;
import io.authcloud.testing.KeycloakTokens;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The problem types of DESIGN.md §3, each reached through the gateway with the app's own calls.
 * verification-expired needs ten minutes to pass on the real clock; it is tested in verification-service
 * and notification-service with a clock the tests move.
 */
@ExtendWith(RunningStack.class)
class EveryProblemThroughTheGatewayTest {

    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();

    @Test
    void backupProblems() {
        Phone phone = People.phone("alice", "ios", People.freshStorageAccount("alice"));
        Http api = new Http(GATEWAY, phone::accessToken);
        String location = "/v1/backups/icloud/" + phone.state().storageAccount;

        refused("backup-not-found", 404, () -> api.get(location));
        refused("precondition-required", 428, () -> api.put(location, body(16), Map.of()));
        ApiProblem invalid = refused("invalid-request", 400, () -> api.put("/v1/backups/dropbox/x", body(16),
                Map.of("If-None-Match", "*")));
        assertThat(invalid.body().get("errors").findValuesAsText("field")).contains("provider");
        refused("payload-too-large", 413, () -> api.put(location, body(1024 * 1024 + 1), Map.of("If-None-Match", "*")));
        api.put(location, body(16), Map.of("If-None-Match", "*"));
        api.put(location, body(16), Map.of("If-Match", "\"1\""));
        ApiProblem conflict = refused("version-conflict", 412, () -> api.put(location, body(16), Map.of("If-Match", "\"1\"")));
        assertThat(conflict.body().get("currentVersion").asInt()).isEqualTo(2);
        api.delete(location);
        refused("backup-deleted", 410, () -> api.get(location));
        Http carol = new Http(GATEWAY, () -> KeycloakTokens.password("carol"));
        refused("forbidden", 403, () -> carol.get("/v1/backups"));
    }

    @Test
    void recoveryProblems() {
        Phone withAccounts = People.phone("alice", "ios", People.freshStorageAccount("alice"));
        withAccounts.addThirdParty("otpauth://totp/Chirp:alice?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        withAccounts.backup();
        refused("existing-accounts", 409, withAccounts::startRecovery);
        refused("backup-on-other-platform", 409, People.phone("alice", "android", People.freshStorageAccount("alice"))::startRecovery);
        refused("backup-not-found", 404, People.phone("dave", "ios", People.freshStorageAccount("dave"))::startRecovery);
    }

    /** bob's wrong codes: alice's would count against her key release, which the story needs. */
    @Test
    void verificationProblems() {
        Phone phone = People.phone("bob", "ios", People.freshStorageAccount("bob"));
        Http withoutRecentSignIn = new Http(GATEWAY, () -> KeycloakTokens.password("bob"));
        Map<String, Object> start = Map.of("accountRef", "personal", "deviceId", phone.state().deviceId, "channel", "email");
        ApiProblem stepUp = refused("step-up-required", 401, () -> withoutRecentSignIn.post("/v1/verifications", start));
        assertThat(stepUp.header("WWW-Authenticate")).contains("error=\"insufficient_user_authentication\"")
                .contains("max_age=");

        phone.signIn("bob", "bob-password", true);
        Http api = new Http(GATEWAY, phone::accessToken);
        String id = api.post("/v1/verifications", start).body().get("id").asText();
        ApiProblem tooSoon = refused("rate-limited", 429, () -> api.post("/v1/verifications/" + id + "/resend", null));
        assertThat(Integer.parseInt(tooSoon.header("Retry-After"))).isBetween(1, 60);
        String wrong = "000000";
        ApiProblem invalid = refused("code-invalid", 422, () -> api.post("/v1/verifications/" + id + "/otp", Map.of("code", wrong)));
        assertThat(invalid.body().get("attemptsLeft").asInt()).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            refused("code-invalid", 422, () -> api.post("/v1/verifications/" + id + "/otp", Map.of("code", wrong)));
        }
        refused("verification-locked", 423, () -> api.post("/v1/verifications/" + id + "/otp", Map.of("code", wrong)));

        refused("activation-code-invalid", 422, () -> api.post("/v1/verifications/qr", Map.of("activationCode",
                "AAAA-BBBB-CCCC-DDDD", "url", GATEWAY + "/v1/verifications/qr", "accountRef", "contoso-work",
                "deviceId", phone.state().deviceId)));
    }

    /** dave's: bob's mailbox may still receive the code of the verification above. */
    @Test
    void aVerificationIsUsedOnce() {
        Phone phone = People.phone("dave", "ios", People.freshStorageAccount("dave"));
        phone.addPushAccount("personal", "personal", "dave@contoso.example.test", null);
        phone.signIn("dave", "dave-password", true);
        int seen = People.MAILBOX.count("dave@contoso.example.test");
        String[] verification = new String[1];
        phone.verifyPersonal("personal", "email", started -> {
            verification[0] = started.get("id").asText();
            return People.MAILBOX.awaitCode("dave@contoso.example.test", seen, java.time.Duration.ofSeconds(30));
        });
        Http api = new Http(GATEWAY, phone::accessToken);

        refused("proof-already-used", 409, () -> api.post("/v1/verifications/" + verification[0] + "/otp", Map.of("code", "123456")));
        refused("proof-already-used", 409, () -> api.post("/v1/push-credentials", Map.of("verificationId", verification[0],
                "accountRef", "personal", "deviceId", phone.state().deviceId,
                "publicKey", io.authcloud.simulator.app.DeviceKeys.generate().publicJwk())));
    }

    @Test
    void problemsAreProblemJsonWithTypeTitleStatusAndDetail() {
        ApiProblem problem = refused("not-found", 404, () -> new Http(GATEWAY, null).get("/v1/nowhere"));
        JsonNode body = problem.body();
        assertThat(body.get("type").asText()).startsWith("https://").endsWith("/not-found");
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("status").asInt()).isEqualTo(404);
    }

    private static Map<String, Object> body(int size) {
        byte[] ciphertext = new byte[size];
        new SecureRandom().nextBytes(ciphertext);
        return Map.of("ciphertext", Base64.getEncoder().encodeToString(ciphertext), "keyId", "k-" + UUID.randomUUID(),
                "formatVersion", 1, "deviceId", "iphone-x", "platform", "ios");
    }
}
