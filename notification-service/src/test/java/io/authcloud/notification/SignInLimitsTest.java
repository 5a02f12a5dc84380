package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople.Person;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.TestClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Limits over time on sign-in codes (NIST SP 800-63B 5.2.2) and on each relying party. Every test that
 * fills a person's limit has a person of its own, and tests that fill a day or a minute move the clock to
 * a day or minute of their own.
 */
@QuarkusTest
class SignInLimitsTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    TestClock clock;

    @Inject
    OutboxRelay relay;

    @Test
    void aRelyingPartyMakesAtMost120SignInRequestsAndCodeChecksAMinute() {
        clock.set(aDayOfItsOwn().plusSeconds(1));
        String otherPortal = KeycloakTokens.clientCredentials("other-portal", "other-portal-local-secret");
        for (int i = 0; i < 120; i++) {
            Response answer = i % 2 == 0 ? verify(otherPortal, "nobody-" + UUID.randomUUID(), "123456")
                    : ask(otherPortal, "nobody-" + UUID.randomUUID(), "personal");
            assertThat(answer.statusCode()).as("request %d", i + 1).isIn(404, 422);
        }

        Response limited = verify(otherPortal, "nobody-" + UUID.randomUUID(), "123456");
        limited.then().statusCode(429).body("type", endsWith("/rate-limited")).body("detail", containsString("relying party"));
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(limited.jsonPath().getInt("retryAfterSeconds")).isEqualTo(Integer.parseInt(limited.header("Retry-After")));
        ask(otherPortal, "nobody-" + UUID.randomUUID(), "personal").then().statusCode(429);
        verify(CodesAcrossPhonesTest.signInPortal(), "nobody-" + UUID.randomUUID(), "123456").then().statusCode(422);

        clock.advance(Duration.ofMinutes(1));
        verify(otherPortal, "nobody-" + UUID.randomUUID(), "123456").then().statusCode(422);
    }

    @Test
    void reachingTheFiveMinuteLimitIsToldToThePersonOnceADay() throws Exception {
        EventCatalogue catalogue = EventCatalogue.load();
        Person person = KeycloakPeople.create("codes-window");
        clock.set(aDayOfItsOwn().plus(Duration.ofHours(10)).plusSeconds(1));
        try (KafkaTap events = KafkaTap.open("credential-events")) {
            for (int i = 0; i < 10; i++) {
                verify(person, wrongCode()).then().statusCode(422).body("attemptsLeft", equalTo(9 - i));
            }
            verify(person, wrongCode()).then().statusCode(429).body("type", endsWith("/rate-limited"));
            clock.advance(Duration.ofMinutes(5));
            for (int i = 0; i < 10; i++) {
                verify(person, wrongCode()).then().statusCode(422);
            }
            relay.publishPending().await().atMost(WAIT);

            KafkaTap.Record failing = events.await(r -> "io.authcloud.notification.SignInCodesFailing".equals(r.ceType())
                    && person.sub().equals(r.key()), WAIT);
            assertThat(failing.header("ce_subject")).isEqualTo("people/" + person.sub());
            Map<String, Object> body = new ObjectMapper().readValue(failing.value(), Map.class);
            assertThat(body.keySet()).isEqualTo(catalogue.fieldsOf(failing.ceType()));
            assertThat(body).containsEntry("owner", person.sub()).containsEntry("limit", "window").containsEntry("failures", 10);
            assertThat(events.drain(Duration.ofSeconds(1))).filteredOn(r -> person.sub().equals(r.key())
                    && "io.authcloud.notification.SignInCodesFailing".equals(r.ceType())).hasSize(1);
        }
        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("Someone is trying sign-in codes for your account"), WAIT);
        assertThat(mail.body()).contains("10 wrong codes within 5 minutes").contains("push approval")
                .contains("change your password");
    }

    @Test
    void thirtyWrongCodesADayAreAllAPersonGetsUntilTheNextUtcDay() throws Exception {
        Person person = KeycloakPeople.create("codes-day");
        Instant morning = aDayOfItsOwn().plus(Duration.ofHours(10)).plusSeconds(1);
        clock.set(morning);
        try (KafkaTap events = KafkaTap.open("credential-events")) {
            // Nine in each of three windows, three in a fourth: the day's limit, never the window's.
            for (int window = 0; window < 4; window++) {
                for (int i = 0; i < (window < 3 ? 9 : 3); i++) {
                    verify(person, wrongCode()).then().statusCode(422);
                }
                clock.advance(Duration.ofMinutes(5));
            }

            Instant midnight = morning.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            // The test clock runs on from where it was set: bound the answer by the times before and after the request.
            long untilMidnightBefore = Duration.between(clock.instant(), midnight).toSeconds();
            Response limited = verify(person, wrongCode());
            long untilMidnightAfter = Duration.between(clock.instant(), midnight).toSeconds();
            limited.then().statusCode(429).body("type", endsWith("/rate-limited")).body("detail", containsString("today"));
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(untilMidnightAfter - 30, untilMidnightBefore + 1);
            relay.publishPending().await().atMost(WAIT);
            KafkaTap.Record failing = events.await(r -> "io.authcloud.notification.SignInCodesFailing".equals(r.ceType())
                    && person.sub().equals(r.key()), WAIT);
            assertThat(new ObjectMapper().readValue(failing.value(), Map.class)).containsEntry("limit", "day")
                    .containsEntry("failures", 30);
        }

        clock.set(morning.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plusSeconds(1));
        verify(person, wrongCode()).then().statusCode(422);
    }

    @Test
    void aHundredWrongCodesInARowLockCodesUntilThePersonApprovesAPushSignIn() throws Throwable {
        Person person = KeycloakPeople.create("codes-streak");
        Phone phone = Phone.of(person.username());
        phone.register("ios", "apns").then().statusCode(201);
        String account = "personal-" + UUID.randomUUID();
        String secret = Credentials.issue(KAFKA, phone, account, "email", null).getString("totpSecret");

        verify(person, wrongCode()).then().statusCode(422);
        verify(person, wrongCode()).then().statusCode(422);
        assertThat(streak(person)).isEqualTo(2);
        verify(person, AuthenticatorCodes.at(secret, Instant.now())).then().statusCode(200);
        assertThat(streak(person)).isZero();

        setStreak(person, 99);
        try (KafkaTap events = KafkaTap.open("credential-events")) {
            verify(person, wrongCode()).then().statusCode(422);
            verify(person, AuthenticatorCodes.at(secret, Instant.now().plusSeconds(30))).then()
                    .statusCode(423).body("type", endsWith("/verification-locked"))
                    .body("detail", containsString("Approve a push sign-in"));
            relay.publishPending().await().atMost(WAIT);
            KafkaTap.Record failing = events.await(r -> "io.authcloud.notification.SignInCodesFailing".equals(r.ceType())
                    && person.sub().equals(r.key()), WAIT);
            assertThat(new ObjectMapper().readValue(failing.value(), Map.class)).containsEntry("limit", "consecutive")
                    .containsEntry("failures", 100);
        }
        GreenMailInbox.Mail mail = GreenMailInbox.await(person.email(),
                m -> m.subject().equals("Someone is trying sign-in codes for your account"), WAIT);
        assertThat(mail.body()).contains("100 wrong codes in a row");

        JsonPath request = ask(CodesAcrossPhonesTest.signInPortal(), person.username(), account).then().statusCode(201)
                .extract().jsonPath();
        List<Map<String, Object>> pushes = phone.notifications().then().extract().jsonPath().getList("$");
        @SuppressWarnings("unchecked")
        String challenge = ((Map<String, Map<String, String>>) pushes.get(pushes.size() - 1).get("push")).get("data").get("challenge");
        phone.answer(request.getString("id"), request.getInt("number"), true, phone.sign(challenge)).then()
                .statusCode(200).body("status", equalTo("APPROVED"));

        assertThat(streak(person)).isZero();
        verify(person, AuthenticatorCodes.at(secret, Instant.now().plusSeconds(30))).then().statusCode(200);
    }

    @Test
    void aDeniedPushSignInUnlocksNothing() throws Throwable {
        Person person = KeycloakPeople.create("codes-denied");
        Phone phone = Phone.of(person.username());
        phone.register("android", "fcm").then().statusCode(201);
        String account = "personal-" + UUID.randomUUID();
        Credentials.issue(KAFKA, phone, account, "email", null);
        setStreak(person, 100);

        JsonPath request = ask(CodesAcrossPhonesTest.signInPortal(), person.username(), account).then().statusCode(201)
                .extract().jsonPath();
        List<Map<String, Object>> pushes = phone.notifications().then().extract().jsonPath().getList("$");
        @SuppressWarnings("unchecked")
        String challenge = ((Map<String, Map<String, String>>) pushes.get(0).get("push")).get("data").get("challenge");
        phone.answer(request.getString("id"), request.getInt("number"), false, phone.sign(challenge)).then()
                .statusCode(200).body("status", equalTo("DENIED"));

        assertThat(streak(person)).isEqualTo(100);
        verify(person, wrongCode()).then().statusCode(423);
    }

    /** Midnight UTC of a day far from today, chosen at random: its limits are this test's alone. */
    private static Instant aDayOfItsOwn() {
        return Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1000 + RANDOM.nextInt(100_000)));
    }

    /** A code no credential of a person made in the test accepts (the person has none, or the chance is 1 in 10^6). */
    private static String wrongCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    private static Response verify(Person person, String code) {
        return verify(CodesAcrossPhonesTest.signInPortal(), person.username(), code);
    }

    private static Response verify(String token, String username, String code) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("username", username, "code", code)).post("/v1/sign-ins/verify-code");
    }

    private static Response ask(String token, String username, String account) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("username", username, "accountRef", account, "application", "Mail"))
                .post("/v1/sign-in-requests");
    }

    private static int streak(Person person) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "SELECT coalesce(max(consecutive), 0) FROM code_failure_streak WHERE owner = :owner", Integer.class)
                        .setParameter("owner", person.sub()).getSingleResult())));
    }

    private static void setStreak(Person person, int consecutive) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery("""
                                INSERT INTO code_failure_streak (owner, consecutive, updated_at) VALUES (:owner, :n, now())
                                ON CONFLICT (owner) DO UPDATE SET consecutive = :n""")
                        .setParameter("owner", person.sub()).setParameter("n", consecutive).executeUpdate())));
    }
}
