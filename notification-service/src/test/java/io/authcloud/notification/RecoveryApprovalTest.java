package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople.Person;
import io.authcloud.testing.KeycloakPeople;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The {@code device} second factor of a recovery: recovery-service asks, the person's other phones holding
 * a personal credential get a challenge, one answers with the number shown on the recovering phone, and
 * recovery-service hears the answer. Each test has a person of its own, so their phones are theirs alone.
 */
@QuarkusTest
class RecoveryApprovalTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OutboxRelay relay;

    @Test
    void theOtherPhonesAreAskedAndOneApprovesWithTheNumberShownOnTheRecoveringPhone() throws Exception {
        EventCatalogue catalogue = EventCatalogue.load();
        Household household = household();
        Phone workOnly = registered(household.person(), "ios", "apns");
        Credentials.issueForTenant(KAFKA, workOnly, "contoso-" + UUID.randomUUID(), "contoso");
        Credentials.issue(KAFKA, household.recovering(), "personal-" + UUID.randomUUID(), "email", null);
        UUID approval = UUID.randomUUID();
        UUID recovery = UUID.randomUUID();

        Instant expiresAt = ask(household, approval, recovery, 42);

        Map<String, Object> push = onlyPush(household.other());
        assertThat(push.get("kind")).isEqualTo("recovery-approval");
        Map<String, Object> shown = shown(push);
        assertThat(shown.get("title")).isEqualTo("Is this you recovering your authenticator?");
        assertThat(shown.get("body")).isEqualTo("Someone is recovering your authenticator on an Android phone (device "
                + household.recovering().deviceId + "). If it is you, enter the number shown on that phone.");
        Map<String, String> data = data(push);
        assertThat(data.keySet()).containsExactlyInAnyOrder("type", "requestId", "challenge", "recoveryId", "platform",
                "deviceId", "accountRef", "expiresAt");
        assertThat(data).containsEntry("type", "recovery-approval").containsEntry("requestId", approval.toString())
                .containsEntry("recoveryId", recovery.toString()).containsEntry("platform", "android")
                .containsEntry("deviceId", household.recovering().deviceId).containsEntry("accountRef", "personal");
        assertThat(Instant.parse(data.get("expiresAt"))).isEqualTo(expiresAt);
        assertThat(workOnly.notifications().then().extract().jsonPath().getList("$")).isEmpty();
        assertThat(household.recovering().notifications().then().extract().jsonPath().getList("$")).isEmpty();
        String challenge = data.get("challenge");

        household.recovering().answer(approval.toString(), 42, true, household.recovering().sign(challenge)).then()
                .statusCode(403);
        try (KafkaTap events = KafkaTap.open("credential-events")) {
            household.other().answer(approval.toString(), 42, true, household.other().sign(challenge)).then()
                    .statusCode(200).body("status", equalTo("APPROVED"));
            relay.publishPending().await().atMost(WAIT);

            KafkaTap.Record answered = events.await(r -> ("recoveries/" + recovery + "/approvals/" + approval)
                    .equals(r.header("ce_subject")), WAIT);
            assertThat(answered.ceType()).isEqualTo("io.authcloud.notification.RecoveryApprovalAnswered");
            assertThat(answered.key()).isEqualTo(household.person().sub());
            Map<String, Object> body = new ObjectMapper().readValue(answered.value(), Map.class);
            assertThat(body.keySet()).isEqualTo(catalogue.fieldsOf(answered.ceType()));
            assertThat(body).containsEntry("approvalId", approval.toString()).containsEntry("recoveryId", recovery.toString())
                    .containsEntry("owner", household.person().sub()).containsEntry("deviceId", household.other().deviceId)
                    .containsEntry("outcome", "APPROVED").containsEntry("reason", "approved");
        }
        household.other().answer(approval.toString(), 42, true, household.other().sign(challenge)).then().statusCode(409);
        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).get("/v1/sign-in-requests/" + approval).then()
                .statusCode(404);
    }

    @Test
    void aWrongNumberOrARefusalDeniesTheRecoveryAndRecoveryServiceHearsIt() throws Exception {
        Household household = household();
        UUID recovery = UUID.randomUUID();
        UUID wrongNumber = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        try (KafkaTap events = KafkaTap.open("credential-events")) {
            ask(household, wrongNumber, recovery, 42);
            String challenge = data(onlyPush(household.other())).get("challenge");
            household.other().answer(wrongNumber.toString(), 24, true, household.other().sign(challenge)).then()
                    .statusCode(422).body("type", endsWith("/number-mismatch"));

            ask(household, refused, recovery, 57);
            String again = data(onlyPush(household.other())).get("challenge");
            household.other().answer(refused.toString(), 57, false, household.other().sign(again)).then()
                    .statusCode(200).body("status", equalTo("DENIED"));
            relay.publishPending().await().atMost(WAIT);

            List<KafkaTap.Record> answers = events.awaitCount(r -> r.header("ce_subject") != null
                    && r.header("ce_subject").startsWith("recoveries/" + recovery + "/approvals/"), 2, WAIT);
            ObjectMapper json = new ObjectMapper();
            Map<String, Object> first = json.readValue(answers.get(0).value(), Map.class);
            Map<String, Object> second = json.readValue(answers.get(1).value(), Map.class);
            assertThat(first).containsEntry("approvalId", wrongNumber.toString()).containsEntry("outcome", "DENIED")
                    .containsEntry("reason", "wrong number");
            assertThat(second).containsEntry("approvalId", refused.toString()).containsEntry("outcome", "DENIED")
                    .containsEntry("reason", "denied by the person");
        }
    }

    @Test
    void aBadSignatureIsRefusedAndTheApprovalStaysOpen() {
        Household household = household();
        UUID approval = UUID.randomUUID();
        ask(household, approval, UUID.randomUUID(), 33);
        String challenge = data(onlyPush(household.other())).get("challenge");
        Phone impostor = new Phone(household.person().username(), household.other().deviceId);

        household.other().answer(approval.toString(), 33, true, impostor.sign(challenge)).then()
                .statusCode(422).body("type", endsWith("/signature-invalid"));

        household.other().answer(approval.toString(), 33, true, household.other().sign(challenge)).then()
                .statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void aRedeliveredRepeatedOrLateRequestIsPushedOnce() {
        Household household = household();
        UUID approval = UUID.randomUUID();
        UUID recovery = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(2));
        Events.recoveryApprovalRequested(KAFKA, eventId, household.person().sub(), approval, recovery,
                household.recovering().deviceId, "android", 61, expiresAt);
        assertThat(data(awaitPush(household.other()))).containsEntry("requestId", approval.toString());

        Events.recoveryApprovalRequested(KAFKA, eventId, household.person().sub(), approval, recovery,
                household.recovering().deviceId, "android", 61, expiresAt);
        Events.recoveryApprovalRequested(KAFKA, UUID.randomUUID().toString(), household.person().sub(), approval, recovery,
                household.recovering().deviceId, "android", 62, expiresAt);
        UUID late = UUID.randomUUID();
        Events.recoveryApprovalRequested(KAFKA, UUID.randomUUID().toString(), household.person().sub(), late, recovery,
                household.recovering().deviceId, "android", 63, Instant.now().minusSeconds(1));
        UUID marker = UUID.randomUUID();
        ask(household, marker, UUID.randomUUID(), 64);

        // One person's events are in order on one partition: once the last one is pushed, the others were handled.
        assertThat(data(awaitPush(household.other()))).containsEntry("requestId", marker.toString());
        household.other().answer(late.toString(), 63, true, "irrelevant").then().statusCode(404);
    }

    @Test
    void aCancelledRecoveryTakesNoMoreAnswers() {
        Household household = household();
        UUID approval = UUID.randomUUID();
        UUID recovery = UUID.randomUUID();
        ask(household, approval, recovery, 45);
        String challenge = data(onlyPush(household.other())).get("challenge");

        Events.recoveryCancelled(KAFKA, household.person().sub(), recovery, household.recovering().deviceId);
        ask(household, UUID.randomUUID(), UUID.randomUUID(), 46);
        awaitPush(household.other());

        household.other().answer(approval.toString(), 45, true, household.other().sign(challenge)).then()
                .statusCode(410).body("type", endsWith("/sign-in-request-expired"));
    }

    /** A person with another phone holding a personal credential, and a registered phone being recovered. */
    private record Household(Person person, Phone other, Phone recovering) {
    }

    private static Household household() {
        Person person = KeycloakPeople.create("recovering");
        Phone other = registered(person, "ios", "apns");
        Credentials.issue(KAFKA, other, "personal-" + UUID.randomUUID(), "email", null);
        return new Household(person, other, registered(person, "android", "fcm"));
    }

    private static Phone registered(Person person, String platform, String channel) {
        Phone phone = Phone.of(person.username());
        phone.register(platform, channel).then().statusCode(201);
        return phone;
    }

    /** recovery-service's RecoveryApprovalRequested for the household's recovering phone; answers its expiry. */
    private static Instant ask(Household household, UUID approval, UUID recovery, int number) {
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Events.recoveryApprovalRequested(KAFKA, UUID.randomUUID().toString(), household.person().sub(), approval, recovery,
                household.recovering().deviceId, "android", number, expiresAt);
        return expiresAt;
    }

    /** Waits for the phone's next push and answers it; it is the only one waiting. */
    private static Map<String, Object> awaitPush(Phone phone) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>>[] pushes = new List[1];
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            pushes[0] = phone.notifications().then().statusCode(200).extract().jsonPath().getList("$");
            return !pushes[0].isEmpty();
        });
        assertThat(pushes[0]).hasSize(1);
        return pushes[0].get(0);
    }

    private static Map<String, Object> onlyPush(Phone phone) {
        Map<String, Object> push = awaitPush(phone);
        assertThat(phone.notifications().then().extract().jsonPath().getList("$")).isEmpty();
        return push;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> shown(Map<String, Object> push) {
        return (Map<String, Object>) push.get("push");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> data(Map<String, Object> push) {
        return (Map<String, String>) shown(push).get("data");
    }
}
