package io.authcloud.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.recovery.domain.saga.RecoveryService;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The saga follows real Kafka events, duplicated or out of order, to completion or expiry. */
@QuarkusTest
class RecoverySagaTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OutboxRelay relay;

    @Inject
    RecoveryService recoveries;

    @Inject
    TestClock clock;

    @Test
    void declaredAccountsGetTheirVerificationMethod() {
        Session session = Session.start("alice");
        Recoveries.declare("alice", session.id, List.of(
                        Map.of("accountRef", "personal", "kind", "personal"),
                        Map.of("accountRef", "contoso-work", "kind", "work", "tenant", "contoso"),
                        Map.of("accountRef", "campus", "kind", "school", "tenant", "fabrikam-university")))
                .then().statusCode(200)
                .body("accounts.find { it.accountRef == 'personal' }.method", equalTo("sign-in"))
                .body("accounts.find { it.accountRef == 'contoso-work' }.method", equalTo("qr"))
                .body("accounts.find { it.accountRef == 'campus' }.method", equalTo("qr"))
                .body("accounts.state.unique()", equalTo(List.of("VERIFICATION_REQUIRED")));
    }

    @Test
    void eachAccountMovesThroughVerifiedToCredentialIssuedAndTheSessionCompletes() throws Exception {
        Session session = Session.start("alice");
        Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "personal", "kind", "personal"),
                Map.of("accountRef", "contoso-work", "kind", "work", "tenant", "contoso"))).then().statusCode(200);
        UUID personal = UUID.randomUUID();
        UUID work = UUID.randomUUID();
        try (KafkaTap events = KafkaTap.open("recovery-events")) {
            SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "personal", session.device, personal, "email");
            awaitAccount(session, "personal", "VERIFIED");
            SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, null, "contoso-work", session.device, work, "qr");
            awaitAccount(session, "contoso-work", "VERIFIED");
            SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "personal", session.device, personal);
            awaitAccount(session, "personal", "CREDENTIAL_ISSUED");
            Recoveries.read("alice", session.id).then().body("status", equalTo("OPEN"));
            SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), session.owner, null, "contoso-work", session.device, work,
                    "contoso");

            awaitStatus(session, "COMPLETED");
            relay.publishPending().await().atMost(WAIT);
            KafkaTap.Record completed = events.await(r -> ("recoveries/" + session.id).equals(r.header("ce_subject"))
                    && r.ceType().endsWith("RecoveryCompleted"), WAIT);
            assertThat(completed.key()).isEqualTo(session.owner);
            var body = JSON.readTree(completed.value());
            assertThat(body.get("accounts").asInt()).isEqualTo(2);
            assertThat(body.get("deviceId").asText()).isEqualTo(session.device);
        }
    }

    @Test
    void duplicatedAndOutOfOrderEventsLeadToTheSameEnd() {
        Session session = Session.start("alice");
        Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "personal", "kind", "personal"))).then().statusCode(200);
        UUID verification = UUID.randomUUID();
        String credentialEvent = UUID.randomUUID().toString();

        SagaEvents.credentialIssued(KAFKA, credentialEvent, session.owner, session.uuid(), "personal", session.device, verification);
        SagaEvents.credentialIssued(KAFKA, credentialEvent, session.owner, session.uuid(), "personal", session.device, verification);
        awaitStatus(session, "COMPLETED");
        String late = UUID.randomUUID().toString();
        SagaEvents.verificationSucceeded(KAFKA, late, session.owner, session.uuid(), "personal", session.device, verification, "email");
        SagaEvents.verificationSucceeded(KAFKA, late, session.owner, session.uuid(), "personal", session.device, verification, "email");
        Session marker = Session.start("alice");
        Recoveries.declare("alice", marker.id, List.of(Map.of("accountRef", "m", "kind", "personal"))).then().statusCode(200);
        SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), marker.owner, marker.uuid(), "m", marker.device, UUID.randomUUID(), "sms");
        awaitAccount(marker, "m", "VERIFIED");

        Recoveries.read("alice", session.id).then()
                .body("status", equalTo("COMPLETED"))
                .body("accounts[0].state", equalTo("CREDENTIAL_ISSUED"));
    }

    @Test
    void eventsThatArriveBeforeTheDeclarationAreKept() {
        Session session = Session.start("alice");
        UUID verification = UUID.randomUUID();
        SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "personal", session.device, verification, "email");
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "personal", session.device, verification);
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "personal", "kind", "personal")))
                        .jsonPath().getString("status").equals("COMPLETED"));
    }

    @Test
    void declaringNoPushAccountCompletesTheRecoveryAtOnce() {
        Session session = Session.start("alice");
        Recoveries.declare("alice", session.id, List.of()).then().statusCode(200).body("status", equalTo("COMPLETED"));
        Recoveries.declare("alice", session.id, List.of()).then().statusCode(409).body("type", endsWith("/recovery-closed"));
    }

    @Test
    void anotherPersonsEventsDoNotMoveTheSession() {
        Session session = Session.start("alice");
        Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "personal", "kind", "personal"))).then().statusCode(200);
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), KeycloakTokens.subject("bob"), session.uuid(), "personal",
                session.device, UUID.randomUUID());
        Session marker = Session.start("alice");
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), marker.owner, marker.uuid(), "x", marker.device, UUID.randomUUID());
        Awaitility.await().atMost(WAIT).until(() -> Recoveries.declare("alice", marker.id, List.of(Map.of("accountRef", "x", "kind", "personal")))
                .jsonPath().getString("status").equals("COMPLETED"));

        Recoveries.read("alice", session.id).then().body("status", equalTo("OPEN"))
                .body("accounts[0].state", equalTo("VERIFICATION_REQUIRED"));
    }

    @Test
    void aRecoveryLeftOpenFor24HoursExpires() throws Throwable {
        Session session = Session.start("alice");
        try (KafkaTap events = KafkaTap.open("recovery-events")) {
            clock.advance(Duration.ofHours(24).plusMinutes(1));
            Integer expired = VertxContextSupport.subscribeAndAwait(recoveries::expireDue);
            assertThat(expired).isGreaterThanOrEqualTo(1);
            Recoveries.read("alice", session.id).then().body("status", equalTo("EXPIRED"));
            relay.publishPending().await().atMost(WAIT);
            events.await(r -> ("recoveries/" + session.id).equals(r.header("ce_subject")) && r.ceType().endsWith("RecoveryExpired"), WAIT);
        }
        Recoveries.declare("alice", session.id, List.of()).then().statusCode(409);
    }

    @Test
    void aTimedOutRecoveryTakesNoMoreEventsAndItsDeviceStartsAfreshBeforeTheSweep() {
        String account = Backups.freshAccount();
        Backups.stored(KAFKA, "alice", "icloud", account, "key-1");
        String device = "phone-" + UUID.randomUUID();
        String staleId = Recoveries.start("alice", "icloud", account, device, 0).then().statusCode(201).extract().path("id");
        Session stale = new Session(staleId, KeycloakTokens.subject("alice"), device);
        Recoveries.declare("alice", stale.id, List.of(Map.of("accountRef", "personal", "kind", "personal"))).then().statusCode(200);
        try (KafkaTap events = KafkaTap.open("recovery-events")) {
            clock.advance(Duration.ofHours(24).plusMinutes(1));

            SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), stale.owner, stale.uuid(), "personal",
                    stale.device, UUID.randomUUID(), "email");
            String freshId = Recoveries.start("alice", "icloud", account, device, 0).then().statusCode(201).extract().path("id");
            assertThat(freshId).isNotEqualTo(staleId);
            Session fresh = new Session(freshId, stale.owner, device);
            Recoveries.declare("alice", fresh.id, List.of(Map.of("accountRef", "marker", "kind", "personal"))).then().statusCode(200);
            SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), fresh.owner, fresh.uuid(), "marker",
                    fresh.device, UUID.randomUUID(), "sms");
            awaitAccount(fresh, "marker", "VERIFIED");

            Recoveries.read("alice", stale.id).then().body("status", equalTo("EXPIRED"))
                    .body("accounts[0].state", equalTo("VERIFICATION_REQUIRED"));
            relay.publishPending().await().atMost(WAIT);
            events.await(r -> ("recoveries/" + stale.id).equals(r.header("ce_subject")) && r.ceType().endsWith("RecoveryExpired"), WAIT);
        }
    }

    @Test
    void aWorkAccountIsProvenOnlyByItsTenantsActivationCodeAndAPersonalOneOnlyByACode() {
        Session session = Session.start("alice");
        Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "personal", "kind", "personal"),
                Map.of("accountRef", "contoso-work", "kind", "work", "tenant", "contoso"),
                Map.of("accountRef", "marker", "kind", "personal"))).then().statusCode(200);

        SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "contoso-work",
                session.device, UUID.randomUUID(), "email");
        SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, null, "contoso-work",
                session.device, UUID.randomUUID(), "qr", "fabrikam");
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "contoso-work",
                session.device, UUID.randomUUID());
        SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, null, "personal",
                session.device, UUID.randomUUID(), "qr", "contoso");
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), session.owner, null, "personal",
                session.device, UUID.randomUUID(), "contoso");
        // Each topic is read in order: once the marker has its credential, every proof above was seen.
        UUID marker = UUID.randomUUID();
        SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "marker",
                session.device, marker, "sms");
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "marker",
                session.device, marker);
        awaitAccount(session, "marker", "CREDENTIAL_ISSUED");
        Recoveries.read("alice", session.id).then()
                .body("accounts.find { it.accountRef == 'contoso-work' }.state", equalTo("VERIFICATION_REQUIRED"))
                .body("accounts.find { it.accountRef == 'personal' }.state", equalTo("VERIFICATION_REQUIRED"));

        SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, null, "contoso-work",
                session.device, UUID.randomUUID(), "qr", "contoso");
        SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "personal",
                session.device, UUID.randomUUID(), "email");
        awaitAccount(session, "contoso-work", "VERIFIED");
        awaitAccount(session, "personal", "VERIFIED");
    }

    @Test
    void proofsThatCameBeforeTheDeclarationAreDroppedWhenTheyDoNotFit() {
        Session session = Session.start("alice");
        UUID verification = UUID.randomUUID();
        SagaEvents.verificationSucceeded(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "contoso-work",
                session.device, verification, "email");
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), session.owner, session.uuid(), "contoso-work",
                session.device, verification);
        Session marker = Session.start("alice");
        SagaEvents.credentialIssued(KAFKA, UUID.randomUUID().toString(), marker.owner, marker.uuid(), "m", marker.device,
                UUID.randomUUID());
        Awaitility.await().atMost(WAIT).until(() -> Recoveries.declare("alice", marker.id,
                List.of(Map.of("accountRef", "m", "kind", "personal"))).jsonPath().getString("status").equals("COMPLETED"));

        Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "contoso-work", "kind", "work", "tenant", "contoso")))
                .then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("accounts[0].state", equalTo("VERIFICATION_REQUIRED"));
    }

    @Test
    void badDeclarationsAre400() {
        Session session = Session.start("alice");
        Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "w", "kind", "work"))).then()
                .statusCode(400).body("errors[0].field", equalTo("accounts[0].tenant"));
        Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "p", "kind", "third-party"))).then()
                .statusCode(400).body("errors[0].field", equalTo("accounts[0].kind"))
                .body("errors[0].message", containsString("personal, work, school"));
        Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "has spaces", "kind", "personal"))).then()
                .statusCode(400).body("errors[0].field", equalTo("accounts[0].accountRef"));
        Recoveries.declare("alice", session.id, List.of(Map.of("accountRef", "p", "kind", "personal"),
                Map.of("accountRef", "p", "kind", "personal"))).then().statusCode(400);
    }

    @Test
    void recoveryEventsHaveExactlyTheFieldsOfTheCatalogue() throws Throwable {
        EventCatalogue catalogue = EventCatalogue.load();
        Session completed = Session.start("alice");
        Session expired = Session.start("alice");
        try (KafkaTap events = KafkaTap.open("recovery-events")) {
            Recoveries.declare("alice", completed.id, List.of()).then().body("status", equalTo("COMPLETED"));
            clock.advance(Duration.ofHours(25));
            VertxContextSupport.subscribeAndAwait(recoveries::expireDue);
            relay.publishPending().await().atMost(WAIT);
            List<KafkaTap.Record> emitted = events.awaitCount(r -> r.header("ce_subject") != null
                    && (r.header("ce_subject").endsWith(completed.id) || r.header("ce_subject").endsWith(expired.id)), 3, WAIT);
            for (KafkaTap.Record event : emitted) {
                Map<String, Object> body = JSON.readValue(event.value(), Map.class);
                assertThat(body.keySet()).as(event.ceType()).isEqualTo(catalogue.fieldsOf(event.ceType()));
            }
        }
    }

    private static void awaitAccount(Session session, String accountRef, String state) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonPath recovery = Recoveries.read("alice", session.id).jsonPath();
            return state.equals(recovery.getString("accounts.find { it.accountRef == '" + accountRef + "' }.state"));
        });
    }

    private static void awaitStatus(Session session, String status) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                status.equals(Recoveries.read("alice", session.id).jsonPath().getString("status")));
    }

    /** A session of a fresh backup on a fresh device. */
    record Session(String id, String owner, String device) {
        static Session start(String user) {
            String account = Backups.freshAccount();
            Backups.stored(KAFKA, user, "icloud", account, "key-1");
            String device = "phone-" + UUID.randomUUID();
            String id = Recoveries.start(user, "icloud", account, device, 0).then().statusCode(201).extract().path("id");
            return new Session(id, KeycloakTokens.subject(user), device);
        }

        UUID uuid() {
            return UUID.fromString(id);
        }
    }
}
