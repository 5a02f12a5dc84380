package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;

import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Phone;
import io.authcloud.testing.KeycloakTokens;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A tenant admin learns nothing about anyone's backup; another person cannot touch alice's things. */
@ExtendWith(RunningStack.class)
class NobodyElseLearnsAnythingTest {

    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();
    private static Phone alice;
    private static String verificationId;
    private static String credentialId;

    @BeforeAll
    static void aliceHasABackupARecoveryAVerificationAndACredential() {
        String storage = People.freshStorageAccount("alice");
        Phone old = People.phone("alice", "ios", storage);
        old.addPushAccount("personal", "personal", "alice@example.test", null);
        old.backup();
        alice = People.phone("alice", "ios", storage);
        alice.startRecovery();
        People.proveKeyReleaseByEmail(alice, "alice@example.test");
        alice.restore();
        alice.signIn("alice", "alice-password", true);
        int seen = People.MAILBOX.count("alice@example.test");
        credentialId = alice.verifyPersonal("personal", "email", started -> {
            verificationId = started.get("id").asText();
            return People.MAILBOX.awaitCode("alice@example.test", seen, java.time.Duration.ofSeconds(30));
        }).credentialId();
    }

    @Test
    void aTenantAdminReadsNoBackupAndNoRecovery() {
        Http carol = new Http(GATEWAY, () -> KeycloakTokens.password("carol"));
        String location = "/v1/backups/icloud/" + alice.state().storageAccount;
        refused("forbidden", 403, () -> carol.get("/v1/backups"));
        refused("forbidden", 403, () -> carol.get(location));
        refused("forbidden", 403, () -> carol.get(location + "/versions"));
        refused("forbidden", 403, () -> carol.get("/v1/recoveries/" + alice.state().recoveryId));
        refused("forbidden", 403, () -> carol.get("/v1/push-credentials"));
    }

    @Test
    void anotherPersonFindsNothingOfAlicesAndChangesNothing() {
        Http bob = new Http(GATEWAY, () -> KeycloakTokens.password("bob"));
        String location = "/v1/backups/icloud/" + alice.state().storageAccount;
        refused("backup-not-found", 404, () -> bob.get(location));
        refused("backup-not-found", 404, () -> bob.delete(location));
        refused("not-found", 404, () -> bob.get("/v1/recoveries/" + alice.state().recoveryId));
        refused("not-found", 404, () -> bob.put("/v1/recoveries/" + alice.state().recoveryId + "/accounts", Map.of("accounts", java.util.List.of()), Map.of()));
        refused("not-found", 404, () -> bob.get("/v1/verifications/" + verificationId));
        Http bobSignedInAgain = new Http(GATEWAY, () -> KeycloakTokens.signIn("bob"));
        refused("not-found", 404, () -> bobSignedInAgain.delete("/v1/push-credentials/" + credentialId));
        refused("not-found", 404, () -> bob.post("/v1/push-credentials", Map.of("verificationId", verificationId,
                "accountRef", "personal", "deviceId", alice.state().deviceId,
                "publicKey", io.authcloud.simulator.app.DeviceKeys.generate().publicJwk())));

        org.assertj.core.api.Assertions.assertThat(alice.credentials().toString()).contains(credentialId).contains("ACTIVE");
        org.assertj.core.api.Assertions.assertThat(alice.recovery().get("status").asText()).isIn("OPEN", "COMPLETED");
    }
}
