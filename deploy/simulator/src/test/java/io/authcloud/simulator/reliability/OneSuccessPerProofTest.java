package io.authcloud.simulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.RunningStack;
import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.DeviceKeys;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Mailbox;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.Portal;
import io.authcloud.simulator.app.QrCodes;
import io.authcloud.simulator.app.TenantAdmin;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.Race;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Races through the gateway: the same single-use proof sent by eight connections released together, again and
 * again. Each time exactly one succeeds and the others are refused as the API says: a one-time code (409
 * {@code proof-already-used}, or 429 while the other tries are being checked; the verification ends VERIFIED, never
 * locked), a QR activation code (422), a verification's grant of one credential (409), a push sign-in's answer
 * (409) and a key release's device approval (409; the recovery counts one second factor). {@code -Dreliability.long=true} repeats each 25 times instead of 3.
 */
@ExtendWith(RunningStack.class)
class OneSuccessPerProofTest {

    private static final int RUNNERS = 8;
    private static final int REPETITIONS = Boolean.getBoolean("reliability.long") ? 25 : 3;
    private static final Mailbox MAILBOX = new Mailbox(RunningStack.ENDPOINTS.mailbox());
    private static final Map<String, String> OUTCOMES = new TreeMap<>();

    @Test
    void aOneTimeCodeIsRedeemedOnce() throws Exception {
        for (int round = 0; round < REPETITIONS; round++) {
            Person person = Person.make(null);
            String id = person.startEmailVerification("personal");
            String code = person.code();
            List<Integer> statuses = race(() -> person.api.post("/v1/verifications/" + id + "/otp", Map.of("code", code)).status());
            // 429: the other tries were being checked at that moment; none of them locks the verification.
            assertOneWinner("one-time code", statuses, 200, 409, 429);
            assertThat(person.api.get("/v1/verifications/" + id).body().get("status").asText()).isEqualTo("VERIFIED");
        }
    }

    @Test
    void aVerificationGrantsOneCredential() throws Exception {
        for (int round = 0; round < REPETITIONS; round++) {
            Person person = Person.make(null);
            String id = person.startEmailVerification("personal");
            person.api.post("/v1/verifications/" + id + "/otp", Map.of("code", person.code()));
            List<Integer> statuses = race(() -> {
                Map<String, Object> body = Map.of("verificationId", id, "accountRef", "personal",
                        "deviceId", person.phone.state().deviceId, "publicKey", DeviceKeys.generate().publicJwk());
                // The grant reaches notification-service by an event: each runner waits for it like the app.
                while (true) {
                    try {
                        return person.api.post("/v1/push-credentials", body).status();
                    } catch (ApiProblem problem) {
                        if (!"verification-pending".equals(problem.type())) {
                            throw problem;
                        }
                        Thread.sleep(200);
                    }
                }
            });
            assertOneWinner("verification grant", statuses, 201, 409);
        }
    }

    @Test
    void aQrActivationCodeIsRedeemedOnce() throws Exception {
        TenantAdmin carol = new TenantAdmin(RunningStack.ENDPOINTS, "carol", "carol-password");
        for (int round = 0; round < REPETITIONS; round++) {
            Person person = Person.make("contoso");
            String accountRef = "contoso-race-" + round;
            Map<String, String> activation = QrCodes.activation(QrCodes.read(carol.issue(person.username, accountRef).png()));
            Map<String, Object> body = Map.of("activationCode", activation.get("code"), "url", activation.get("url"),
                    "accountRef", accountRef, "deviceId", person.phone.state().deviceId);
            List<Integer> statuses = race(() -> person.api.post("/v1/verifications/qr", body).status());
            assertOneWinner("QR activation code", statuses, 201, 422);
        }
    }

    @Test
    void aPushSignInIsAnsweredOnce() throws Exception {
        Portal portal = new Portal(RunningStack.ENDPOINTS, "sign-in-portal", "sign-in-portal-local-secret");
        Person person = Person.make(null);
        person.phone.addPushAccount("personal", "personal", "Race", null);
        int seen = MAILBOX.count(person.email);
        person.phone.verifyPersonal("personal", "email", started -> MAILBOX.awaitCode(person.email, seen, Duration.ofSeconds(30)));
        person.phone.registerDevice();
        for (int round = 0; round < REPETITIONS; round++) {
            JsonNode asked = portal.requestPush(person.username, "personal", "Race Mail " + round);
            JsonNode request = awaitRequest(person.phone, asked.get("id").asText());
            int number = asked.get("number").asInt();
            List<Integer> statuses = race(() -> {
                person.phone.answer(request, number, true);
                return 200;
            });
            assertOneWinner("push sign-in answer", statuses, 200, 409);
            assertThat(portal.status(asked.get("id").asText()).get("status").asText()).isEqualTo("APPROVED");
        }
    }

    /**
     * The device factor of a key release: the person's other phone answers a recovery's approval with the number
     * the recovering phone shows. Answered once: one 200, the rest 409, and the recovery counts one factor.
     */
    @Test
    void aKeyReleaseApprovalIsAnsweredOnce() throws Exception {
        for (int round = 0; round < REPETITIONS; round++) {
            Person person = Person.make(null);
            String storage = person.phone.state().storageAccount;
            person.phone.addThirdParty("otpauth://totp/Chirp:" + person.username + "?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
            person.phone.backup();
            person.phone.registerDevice();
            person.phone.addPushAccount("personal", "personal", person.email, null);
            int seen = MAILBOX.count(person.email);
            person.phone.verifyPersonal("personal", "email", started -> MAILBOX.awaitCode(person.email, seen, Duration.ofSeconds(30)));

            Phone recovering = Phone.create(Files.createTempDirectory("race-phone"), RunningStack.ENDPOINTS, "ios", storage);
            recovering.signIn(person.username, person.password, true);
            recovering.startRecovery();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                    recovering.recovery().at("/keyRelease/methods").toString().contains("device"));
            JsonNode approval = recovering.requestApproval();
            JsonNode request = awaitRequest(person.phone, approval.get("id").asText());
            int number = approval.get("number").asInt();
            List<Integer> statuses = race(() -> {
                person.phone.answer(request, number, true);
                return 200;
            });
            assertOneWinner("key-release approval", statuses, 200, 409);
            recovering.awaitSecondFactor(Duration.ofSeconds(30));
            assertThat(recovering.recovery().at("/keyRelease/secondFactor").asText()).isEqualTo("device");
        }
    }

    private static JsonNode awaitRequest(Phone phone, String requestId) throws InterruptedException {
        for (int tries = 0; tries < 60; tries++) {
            JsonNode open = phone.awaitOpenRequest(Duration.ofSeconds(10));
            if (open != null && requestId.equals(open.path("requestId").asText())) {
                return open;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("sign-in request " + requestId + " never reached the phone");
    }

    /** The statuses of {@link #RUNNERS} runners of {@code attempt} released together; a refusal is its status. */
    private static List<Integer> race(Callable<Integer> attempt) throws Exception {
        return Race.of(RUNNERS, runner -> () -> {
            try {
                return attempt.call();
            } catch (ApiProblem refused) {
                return refused.status();
            }
        });
    }

    private static void assertOneWinner(String proof, List<Integer> statuses, int success, Integer... refusals) {
        List<Integer> allowed = new java.util.ArrayList<>(List.of(refusals));
        allowed.add(success);
        assertThat(statuses).as("%s: statuses of %d concurrent redemptions", proof, RUNNERS)
                .containsOnlyOnce(success).isSubsetOf(allowed);
        synchronized (OUTCOMES) {
            OUTCOMES.merge(proof, "1", (was, one) -> String.valueOf(Integer.parseInt(was) + 1));
            Results.write("races", "the same single-use proof sent by " + RUNNERS + " connections at once",
                    OUTCOMES.entrySet().stream().map(entry -> entry.getKey() + " ×" + entry.getValue()).toList().toString(),
                    "0 double successes", "-");
        }
    }

    /** A person made for one round, with a phone signed in with a recent sign-in. */
    private static final class Person {

        final String username;
        final String password;
        final String email;
        final Phone phone;
        final Http api;
        private int seen;

        private Person(String username, String password, String email, Phone phone, Http api) {
            this.username = username;
            this.password = password;
            this.email = email;
            this.phone = phone;
            this.api = api;
        }

        static Person make(String tenant) throws Exception {
            KeycloakPeople.Person person = KeycloakPeople.create("race", null, tenant);
            Phone phone = Phone.create(Files.createTempDirectory("race-phone"), RunningStack.ENDPOINTS, "ios",
                    "race-" + UUID.randomUUID().toString().substring(0, 8));
            phone.signIn(person.username(), person.password(), true);
            return new Person(person.username(), person.password(), person.email(), phone, new Http(RunningStack.ENDPOINTS.gateway(), phone::accessToken));
        }

        String startEmailVerification(String accountRef) {
            seen = MAILBOX.count(email);
            return api.post("/v1/verifications", Map.of("accountRef", accountRef, "deviceId", phone.state().deviceId,
                    "channel", "email")).body().get("id").asText();
        }

        String code() {
            return MAILBOX.awaitCode(email, seen, Duration.ofSeconds(30));
        }
    }
}
