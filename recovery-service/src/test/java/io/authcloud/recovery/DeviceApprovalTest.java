package io.authcloud.recovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.recovery.KeyReleaseTest.Recovery;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The second factor by device: another of the person's phones holding their personal credential approves
 * the recovery with the number the recovering phone shows. Each test has its own person, so what the
 * service knows of their phones is only the test's.
 */
@QuarkusTest
class DeviceApprovalTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OutboxRelay relay;

    @Test
    void anApprovalFromThePersonsOtherPhoneReleasesTheKey() throws Exception {
        KeycloakPeople.Person person = KeycloakPeople.create("approval");
        String oldPhone = phoneWithCredential(person, null);
        Recovery recovery = KeyReleaseTest.recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        awaitMethods(person, recovery, "email", "device");
        String token = KeycloakTokens.signIn(person.username());

        try (KafkaTap events = KafkaTap.open("recovery-events")) {
            JsonNode approval = JSON.readTree(requestApproval(token, recovery.id()).then().statusCode(201)
                    .body("state", equalTo("PENDING")).extract().asString());
            int number = approval.get("number").asInt();
            assertThat(number).isBetween(10, 99);
            Recoveries.read(person.username(), recovery.id()).then()
                    .body("keyRelease.state", equalTo("APPROVAL_PENDING"))
                    .body("keyRelease.approval.number", equalTo(number));

            relay.publishPending().await().atMost(WAIT);
            KafkaTap.Record requested = events.await(r -> ("recoveries/" + recovery.id()).equals(r.header("ce_subject"))
                    && r.ceType().endsWith("RecoveryApprovalRequested"), WAIT);
            JsonNode body = JSON.readTree(requested.value());
            Set<String> fields = new HashSet<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(EventCatalogue.load().fieldsOf(requested.ceType()));
            assertThat(body.get("approvalId").asText()).isEqualTo(approval.get("id").asText());
            assertThat(body.get("deviceId").asText()).isEqualTo(recovery.device());
            assertThat(body.get("number").asInt()).isEqualTo(number);
            assertThat(requested.key()).isEqualTo(person.sub());
        }

        SagaEvents.approvalAnswered(KAFKA, person.sub(), UUID.fromString(approvalId(person, recovery)), recovery.uuid(),
                oldPhone, true);
        awaitState(person, recovery, "READY");
        Recoveries.read(person.username(), recovery.id()).then().body("keyRelease.secondFactor", equalTo("device"))
                .body("keyRelease.approval.state", equalTo("APPROVED"));
        KeyReleaseTest.release(token, recovery.id()).then().statusCode(200);
    }

    @Test
    void anotherPersonCannotAskForApprovalOfSomeonesRecovery() {
        KeycloakPeople.Person person = KeycloakPeople.create("approval-owner");
        phoneWithCredential(person, null);
        Recovery recovery = KeyReleaseTest.recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        awaitMethods(person, recovery, "email", "device");

        requestApproval(KeycloakTokens.signIn("bob"), recovery.id()).then().statusCode(404).body("type", endsWith("/not-found"));
        Recoveries.read(person.username(), recovery.id()).then()
                .body("keyRelease.state", equalTo("SECOND_FACTOR_REQUIRED"))
                .body("keyRelease.approval", nullValue());
    }

    @Test
    void withoutAnotherPhoneHoldingAPersonalCredentialNothingIsPushed() {
        KeycloakPeople.Person person = KeycloakPeople.create("no-approver");
        Recovery recovery = KeyReleaseTest.recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        requestApproval(KeycloakTokens.signIn(person.username()), recovery.id()).then()
                .statusCode(422).body("type", endsWith("/no-approving-device"));

        // A work credential is the tenant's, not the person's recovery account: it cannot approve.
        phoneWithCredential(person, "contoso");
        Recovery another = KeyReleaseTest.recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        Recoveries.read(person.username(), another.id()).then().body("keyRelease.methods", contains("email"));
        requestApproval(KeycloakTokens.signIn(person.username()), another.id()).then().statusCode(422);
    }

    @Test
    void aDeniedApprovalIsAFailedSecondFactorAndAReplacedOneProvesNothing() {
        KeycloakPeople.Person person = KeycloakPeople.create("denied");
        String oldPhone = phoneWithCredential(person, null);
        Recovery recovery = KeyReleaseTest.recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        awaitMethods(person, recovery, "email", "device");
        String token = KeycloakTokens.signIn(person.username());

        String first = requestApproval(token, recovery.id()).then().statusCode(201).extract().path("id");
        String second = requestApproval(token, recovery.id()).then().statusCode(201).extract().path("id");
        SagaEvents.approvalAnswered(KAFKA, person.sub(), UUID.fromString(first), recovery.uuid(), oldPhone, true);
        SagaEvents.approvalAnswered(KAFKA, person.sub(), UUID.fromString(second), recovery.uuid(), oldPhone, false);
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> "DENIED".equals(
                Recoveries.read(person.username(), recovery.id()).jsonPath().getString("keyRelease.approval.state")));

        Recoveries.read(person.username(), recovery.id()).then().body("keyRelease.state", equalTo("SECOND_FACTOR_REQUIRED"));
        KeyReleaseTest.release(token, recovery.id()).then().statusCode(403).body("type", endsWith("/second-factor-required"));
        for (int i = 0; i < 9; i++) {
            SagaEvents.verificationFailed(KAFKA, person.sub());
        }
        // The denial was the tenth failure of the day.
        awaitState(person, recovery, "LOCKED");
        requestApproval(token, recovery.id()).then().statusCode(423).body("type", endsWith("/verification-locked"));
    }

    @Test
    void theRecoveringPhoneCannotApproveItselfAndAnotherPersonsAnswerCountsForNothing() {
        KeycloakPeople.Person person = KeycloakPeople.create("self-approval");
        phoneWithCredential(person, null);
        Recovery recovery = KeyReleaseTest.recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        awaitMethods(person, recovery, "email", "device");
        String approval = requestApproval(KeycloakTokens.signIn(person.username()), recovery.id()).then().statusCode(201)
                .extract().path("id");

        SagaEvents.approvalAnswered(KAFKA, person.sub(), UUID.fromString(approval), recovery.uuid(), recovery.device(), true);
        SagaEvents.approvalAnswered(KAFKA, KeycloakTokens.subject("bob"), UUID.fromString(approval), recovery.uuid(),
                "bobs-phone", true);
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> "APPROVED".equals(
                Recoveries.read(person.username(), recovery.id()).jsonPath().getString("keyRelease.approval.state")));
        Recoveries.read(person.username(), recovery.id()).then().body("keyRelease.state", equalTo("SECOND_FACTOR_REQUIRED"));
    }

    @Test
    void approvalRequestsAreLimitedPerPersonAndNeedARecentSignIn() {
        KeycloakPeople.Person person = KeycloakPeople.create("approval-cap");
        phoneWithCredential(person, null);
        Recovery recovery = KeyReleaseTest.recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        awaitMethods(person, recovery, "email", "device");
        requestApproval(KeycloakTokens.password(person.username()), recovery.id()).then()
                .statusCode(401).body("type", endsWith("/step-up-required"));

        String token = KeycloakTokens.signIn(person.username());
        for (int i = 0; i < 6; i++) {
            requestApproval(token, recovery.id()).then().statusCode(201);
        }
        Recovery onANewDevice = KeyReleaseTest.recoveryWithKey(person.username(), KeyEscrowTest.randomKey());
        for (int i = 0; i < 4; i++) {
            requestApproval(token, onANewDevice.id()).then().statusCode(201);
        }
        requestApproval(token, onANewDevice.id()).then()
                .statusCode(429).body("type", endsWith("/rate-limited"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    /** A phone of the person holding a credential (personal, or work of {@code tenant}), known from its event. */
    private static String phoneWithCredential(KeycloakPeople.Person person, String tenant) {
        String phone = "old-phone-" + UUID.randomUUID();
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), person.sub(), null,
                tenant == null ? "personal" : "work", phone, UUID.randomUUID(), tenant);
        return phone;
    }

    private static void awaitMethods(KeycloakPeople.Person person, Recovery recovery, String... methods) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> java.util.List.of(methods)
                .equals(Recoveries.read(person.username(), recovery.id()).jsonPath().getList("keyRelease.methods")));
    }

    private static void awaitState(KeycloakPeople.Person person, Recovery recovery, String state) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> state.equals(
                Recoveries.read(person.username(), recovery.id()).jsonPath().getString("keyRelease.state")));
    }

    private static String approvalId(KeycloakPeople.Person person, Recovery recovery) {
        return Recoveries.read(person.username(), recovery.id()).jsonPath().getString("keyRelease.approval.id");
    }

    private static Response requestApproval(String token, String id) {
        return given().auth().oauth2(token).post("/v1/recoveries/" + id + "/approvals");
    }
}
