package io.authcloud.recovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.erasure.ErasedSubjects;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.recovery.domain.erasure.Erasure;
import io.authcloud.recovery.domain.erasure.Erasures;
import io.authcloud.recovery.domain.escrow.EscrowedKey;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The erasure saga as recovery-service runs it, over the real broker: asked with a recent sign-in, started only by
 * the same person's erasure verification on the asking phone (never another person's, never another phone's);
 * this service's data goes at once and the three others are asked; a late confirmation is asked for again; the
 * last one completes the erasure, which then names the person only by the hash of their sub.
 */
@QuarkusTest
class ErasureTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUESTED = "io.authcloud.recovery.ErasureRequested";

    @Inject
    OutboxRelay relay;

    @Inject
    Erasures erasures;

    @Test
    void theOwnersCodeOnTheAskingPhoneStartsItAndTheLastConfirmationCompletesIt() throws Throwable {
        KeycloakPeople.Person person = KeycloakPeople.create("erasure");
        String owner = KeycloakTokens.subject(person.username());
        String account = Backups.freshAccount();
        KeyEscrowTest.escrow(person.username(), account, "key-e", KeyEscrowTest.randomKey()).then().statusCode(201);

        ask(KeycloakTokens.password(person.username()), "pixel-e").then().statusCode(401).body("type", endsWith("/step-up-required"));
        ask(KeycloakTokens.signIn(person.username()), "not a phone").then().statusCode(400).body("type", endsWith("/invalid-request"));
        Response asked = ask(KeycloakTokens.signIn(person.username()), "pixel-e");
        asked.then().statusCode(202).header("Location", endsWith("/v1/me/erasure"))
                .body("state", equalTo("SECOND_FACTOR_REQUIRED"))
                .body("secondFactor.purpose", equalTo("erasure"))
                .body("secondFactor.deviceId", equalTo("pixel-e"))
                .body("services", hasSize(4));
        UUID erasure = UUID.fromString(asked.path("id"));
        ask(KeycloakTokens.signIn(person.username()), "pixel-e").then().statusCode(200).body("id", equalTo(erasure.toString()));

        try (KafkaTap tap = KafkaTap.open("recovery-events")) {
            // Another person's verification naming it, and the owner's own on another phone: nothing.
            erasureVerified(KeycloakTokens.subject("bob"), erasure, "pixel-e");
            erasureVerified(owner, erasure, "some-other-phone");
            Thread.sleep(3000);
            relay.publishPending().await().atMost(WAIT);
            assertThat(tap.drain(Duration.ofSeconds(2))).filteredOn(r -> REQUESTED.equals(r.ceType())).isEmpty();
            assertThat(key(owner, account)).isNotNull();

            erasureVerified(owner, erasure, "pixel-e");
            KafkaTap.Record requested = awaitPublished(tap, REQUESTED, erasure);
            assertThat(requested.key()).isEqualTo(owner);
            assertThat(JSON.readTree(requested.value()).get("services").toString())
                    .isEqualTo("[\"backup-service\",\"verification-service\",\"notification-service\"]");
        }
        assertThat(key(owner, account)).isNull();
        read(person).then().statusCode(200).body("state", equalTo("ERASING")).body("secondFactor", nullValue())
                .body("services[0].service", equalTo("recovery-service"))
                .body("services[1].erasedAt", nullValue());
        // The request left the outbox as soon as Kafka had it: nothing there names the person.
        assertThat(outboxRowsNaming(owner)).isZero();

        try (KafkaTap tap = KafkaTap.open("recovery-events")) {
            confirmed("backup-events", "/authcloud/backup-service", "BackupDataErased", owner, erasure);
            confirmed("verification-events", "/authcloud/verification-service", "VerificationDataErased", owner, erasure);
            Awaitility.await().atMost(WAIT).until(() -> read(person).path("services[2].erasedAt") != null);
            // notification-service is late: after the retry interval it is asked again, alone.
            Thread.sleep(2500);
            assertThat(VertxContextSupport.subscribeAndAwait(() -> erasures.retryMissing())).isPositive();
            KafkaTap.Record again = awaitPublished(tap, REQUESTED, erasure);
            assertThat(JSON.readTree(again.value()).get("services").toString()).isEqualTo("[\"notification-service\"]");

            confirmed("credential-events", "/authcloud/notification-service", "NotificationDataErased", owner, erasure);
            KafkaTap.Record completed = awaitPublished(tap, "io.authcloud.recovery.ErasureCompleted", erasure);
            assertThat(completed.key()).isEqualTo(owner);
        }
        read(person).then().statusCode(200).body("state", equalTo("COMPLETED")).body("id", equalTo(erasure.toString()));
        Erasure stored = inSession(() -> Erasure.<Erasure>findById(erasure));
        assertThat(stored.owner).isNull();
        assertThat(stored.deviceId).isNull();
        assertThat(stored.subjectHash).isEqualTo(ErasedSubjects.hash(owner));
        assertThat(outboxRowsNaming(owner)).isZero();
    }

    @Test
    void nobodyElseSeesTheErasureAndAskingFromAnotherPhoneReplacesAWaitingOne() {
        KeycloakPeople.Person person = KeycloakPeople.create("erasure-other");
        read(person).then().statusCode(404).body("type", endsWith("/not-found"));
        String first = ask(KeycloakTokens.signIn(person.username()), "phone-1").then().statusCode(202).extract().path("id");
        String second = ask(KeycloakTokens.signIn(person.username()), "phone-2").then().statusCode(202).extract().path("id");

        assertThat(second).isNotEqualTo(first);
        read(person).then().body("id", equalTo(second)).body("secondFactor.deviceId", equalTo("phone-2"));
        KeycloakPeople.Person stranger = KeycloakPeople.create("erasure-stranger");
        read(stranger).then().statusCode(404);
    }

    private static Response ask(String token, String deviceId) {
        return given().auth().oauth2(token).contentType("application/json").body(Map.of("deviceId", deviceId)).delete("/v1/me");
    }

    private static Response read(KeycloakPeople.Person person) {
        return given().auth().oauth2(KeycloakTokens.password(person.username())).get("/v1/me/erasure");
    }

    private KafkaTap.Record awaitPublished(KafkaTap tap, String type, UUID erasure) {
        return Awaitility.await().atMost(WAIT).until(() -> {
            relay.publishPending().await().atMost(WAIT);
            List<KafkaTap.Record> seen = tap.drain(Duration.ofMillis(300)).stream()
                    .filter(r -> type.equals(r.ceType()) && r.value().contains(erasure.toString())).toList();
            return seen.isEmpty() ? null : seen.get(seen.size() - 1);
        }, record -> record != null);
    }

    /** verification-service's VerificationSucceeded of an erasure's code by email, on {@code device}. */
    private static void erasureVerified(String owner, UUID erasure, String device) throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("verificationId", id.toString());
        body.put("owner", owner);
        body.put("purpose", "erasure");
        body.put("erasureId", erasure.toString());
        body.put("deviceId", device);
        body.put("method", "email");
        body.put("verifiedAt", Instant.now().toString());
        KAFKA.publish("verification-events", owner, "io.authcloud.verification.VerificationSucceeded",
                "/authcloud/verification-service", "verifications/" + id, JSON.writeValueAsString(body));
    }

    private static void confirmed(String topic, String source, String type, String owner, UUID erasure) throws Exception {
        Map<String, Object> body = Map.of("erasureId", erasure.toString(), "owner", owner, "erasedAt", Instant.now().toString());
        String prefix = switch (source) {
            case "/authcloud/backup-service" -> "io.authcloud.backup.";
            case "/authcloud/verification-service" -> "io.authcloud.verification.";
            default -> "io.authcloud.notification.";
        };
        KAFKA.publish(topic, owner, prefix + type, source, "erasures/" + erasure, JSON.writeValueAsString(body));
    }

    private static EscrowedKey key(String owner, String account) {
        return inSession(() -> EscrowedKey.<EscrowedKey>findById(new EscrowedKey.Key(owner, "icloud", account, "key-e")));
    }

    private static long outboxRowsNaming(String owner) {
        return inSession(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT count(*) FROM outbox_event WHERE record_key = :owner", Long.class)
                .setParameter("owner", owner).getSingleResult()));
    }

    private static <T> T inSession(Callable<io.smallrye.mutiny.Uni<T>> query) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> {
                try {
                    return query.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
