package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.reliability.StackState;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Erase everything about me", on the running stack through the gateway: a person who used every part of the
 * product (a backup with its escrowed key, a device with a push credential, a push sign-in, a recovery on a second
 * phone, their activity) asks for the erasure, which waits for their own code; then every service deletes its part,
 * and afterwards no table of any of the four databases and no Redis key holds their {@code sub}, and the events
 * still in Kafka carry nothing that identifies them beyond it.
 */
@ExtendWith(RunningStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EraseMeTest {

    private static final String CHIRP = "otpauth://totp/Chirp:someone?secret=JBSWY3DPEHPK3PXP&issuer=Chirp";
    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> TOPICS = List.of("backup-events", "recovery-events", "verification-events",
            "credential-events", "notification-requests");

    private static KeycloakPeople.Person person;
    private static String storage;
    private static Phone phoneA;
    private static Phone phoneB;
    private static JsonNode erasure;

    @BeforeAll
    static void aPersonOfTheirOwn() {
        person = KeycloakPeople.create("eraser", "+4915110000" + (1000 + (int) (Math.random() * 8999)), null);
        // A storage account as the platforms give them: an opaque id, nothing of the person's name in it.
        storage = "sa-" + UUID.randomUUID();
    }

    @Test
    @Order(1)
    void thePersonUsesEveryPartOfTheProduct() {
        phoneA = phone("ios");
        phoneA.addThirdParty(CHIRP);
        phoneA.backup();
        phoneA.registerDevice();
        String accountRef = "acct-" + UUID.randomUUID();
        phoneA.addPushAccount("personal", accountRef, "Personal", null);
        People.verifyByEmail(phoneA, accountRef, person.email());
        phoneA.backup();

        JsonNode request = People.portal().requestPush(person.username(), accountRef, "Chirp Web");
        JsonNode pushed = phoneA.awaitOpenRequest(WAIT);
        phoneA.answer(pushed, request.get("number").asInt(), true);

        phoneB = phone("ios");
        phoneB.startRecovery();
        People.proveKeyReleaseByEmail(phoneB, person.email());
        phoneB.restore();

        // Every service holds something of them now (and the search below finds it).
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String held = String.join("\n", StackState.holding(person.sub()));
            return Stream.of("backup.", "recovery.", "verification.", "notification.activity", "notification.push_credential",
                    "notification.sign_in_request", "redis key").allMatch(held::contains);
        });
    }

    @Test
    @Order(2)
    void nothingIsErasedWithoutARecentSignInOrWithABadRequest() {
        Http stolen = new Http(GATEWAY, () -> KeycloakTokens.password(person.username()));
        var stepUp = refused("step-up-required", 401, () -> stolen.send("DELETE", "/v1/me",
                Map.of("deviceId", "thiefs-phone"), Map.of()));
        assertThat(stepUp.header("WWW-Authenticate")).contains("insufficient_user_authentication");

        Http fresh = new Http(GATEWAY, () -> KeycloakTokens.signIn(person.username()));
        refused("invalid-request", 400, () -> fresh.send("DELETE", "/v1/me", Map.of(), Map.of()));
        refused("invalid-request", 400, () -> fresh.send("DELETE", "/v1/me", Map.of("deviceId", "a phone with spaces"), Map.of()));
        refused("not-found", 404, () -> fresh.get("/v1/me/erasure"));
        assertThat(phoneA.backups()).isNotEmpty();
    }

    @Test
    @Order(3)
    void askingWaitsForTheSecondFactorOnThePhoneThatAsked() {
        Http.Response asked = phoneA.requestErasure();
        erasure = asked.body();

        assertThat(asked.status()).isEqualTo(202);
        assertThat(erasure.get("state").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
        assertThat(erasure.at("/secondFactor/purpose").asText()).isEqualTo("erasure");
        assertThat(erasure.at("/secondFactor/erasureId").asText()).isEqualTo(id());
        assertThat(erasure.at("/secondFactor/deviceId").asText()).isEqualTo(phoneA.state().deviceId);
        assertThat(erasure.get("services")).hasSize(4).allSatisfy(service -> assertThat(service.get("erasedAt").isNull()).isTrue());

        Http.Response again = phoneA.requestErasure();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asText()).isEqualTo(id());
        assertThat(phoneA.erasure().get("id").asText()).isEqualTo(id());
    }

    @Test
    @Order(4)
    void anotherPersonsCodeNamingTheErasureErasesNothing() {
        KeycloakPeople.Person other = KeycloakPeople.create("other-eraser");
        Phone imposter = Phone.create(People.PHONES.resolve(other.username() + "-" + UUID.randomUUID()), RunningStack.ENDPOINTS,
                "android", "sa-" + UUID.randomUUID());
        imposter.signIn(other.username(), other.password(), false);
        imposter.state().deviceId = phoneA.state().deviceId;
        refused("not-found", 404, imposter::erasure);
        int seen = People.MAILBOX.count(other.email());

        JsonNode verified = imposter.proveErasureByCode(id(), "email", started -> People.MAILBOX.awaitCode(other.email(), seen, WAIT));

        assertThat(verified.get("status").asText()).isEqualTo("VERIFIED");
        Awaitility.await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> "SECOND_FACTOR_REQUIRED".equals(phoneA.erasure().get("state").asText()));
        assertThat(phoneA.backups()).isNotEmpty();
    }

    @Test
    @Order(5)
    void theOwnersCodeErasesEverythingAndALastMailSaysSo() {
        int seen = People.MAILBOX.count(person.email());

        JsonNode verified = phoneA.proveErasureByCode(id(), "email", started -> {
            assertThat(started.get("purpose").asText()).isEqualTo("erasure");
            return People.MAILBOX.awaitCode(person.email(), seen, WAIT);
        });
        assertThat(verified.get("status").asText()).isEqualTo("VERIFIED");
        GreenMailInbox.await(person.email(),
                mail -> mail.subject().equals("Your code to erase everything authcloud keeps about you"), WAIT);

        erasure = phoneA.awaitErasure(Duration.ofSeconds(90));

        assertThat(erasure.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(erasure.get("services")).extracting(service -> service.get("service").asText())
                .containsExactly("recovery-service", "backup-service", "verification-service", "notification-service");
        assertThat(erasure.get("services")).allSatisfy(service -> assertThat(service.get("erasedAt").isNull()).isFalse());
        assertThat(erasure.path("secondFactor").isNull() || erasure.path("secondFactor").isMissingNode()).isTrue();
        GreenMailInbox.await(person.email(), mail -> mail.subject().equals("Everything authcloud kept about you is erased"), WAIT);
    }

    @Test
    @Order(6)
    void noTableOfAnyServiceAndNoRedisKeyHoldsTheirSubAnyMore() {
        List<String> held = new ArrayList<>();
        // The erasure's own last events leave the outboxes once Kafka has them: a moment after it completed.
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            held.clear();
            held.addAll(StackState.holding(person.sub()));
            return held.isEmpty();
        });
        assertThat(held).as("what still holds the person's sub").isEmpty();
    }

    @Test
    @Order(7)
    void thePersonsViewsAreEmptyAndTheErasureStillAnswers() {
        assertThat(phoneA.backups()).isEmpty();
        assertThat(phoneA.devices()).isEmpty();
        assertThat(phoneA.credentials()).isEmpty();
        assertThat(phoneA.activity(50, null).get("items")).isEmpty();
        assertThat(phoneA.erasure().get("id").asText()).isEqualTo(id());
        assertThat(phoneA.erasure().get("state").asText()).isEqualTo("COMPLETED");
    }

    @Test
    @Order(8)
    void eventsStillInKafkaCarryNothingOfThePersonButTheirSub() {
        List<String> identifying = Stream.of(person.email(), person.username(), person.phoneNumber(),
                person.phoneNumber() == null ? null : person.phoneNumber().substring(1)).filter(value -> value != null).toList();
        int aboutThem = 0;
        for (String topic : TOPICS) {
            for (String name : List.of(topic, topic + "-dlq")) {
                try (KafkaTap tap = KafkaTap.history(name)) {
                    for (KafkaTap.Record record : tap.drain(Duration.ofSeconds(2))) {
                        if (!person.sub().equals(record.key()) && !String.valueOf(record.value()).contains(person.sub())) {
                            continue;
                        }
                        aboutThem++;
                        String whole = record.key() + " " + record.value() + " " + record.headers();
                        assertThat(identifying).as("%s on %s", record.ceType(), name).noneMatch(whole::contains);
                    }
                }
            }
        }
        assertThat(aboutThem).as("events about the person still in Kafka (kept for the topics' retention)").isPositive();
    }

    private static Phone phone(String platform) {
        Phone phone = Phone.create(People.PHONES.resolve(person.username() + "-" + UUID.randomUUID()), RunningStack.ENDPOINTS,
                platform, storage);
        phone.signIn(person.username(), person.password(), false);
        return phone;
    }

    private static String id() {
        return erasure.get("id").asText();
    }
}
