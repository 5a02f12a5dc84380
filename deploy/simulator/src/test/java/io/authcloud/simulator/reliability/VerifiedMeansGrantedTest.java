package io.authcloud.simulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.RunningStack;
import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.DeviceKeys;
import io.authcloud.simulator.app.Json;
import io.authcloud.simulator.app.Mailbox;
import io.authcloud.simulator.app.Phone;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import java.nio.file.Files;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Durability of verification → credential under faults: people prove accounts by emailed codes through the gateway
 * while verification-service is killed (SIGKILL) and Kafka is stopped and started. Afterwards every verification
 * that answered VERIFIED is still VERIFIED, published exactly one {@code VerificationSucceeded} event, and
 * notification-service holds its one credential grant, from which the phone gets its credential; a verification
 * that never became VERIFIED published nothing. Short by default; {@code -Dreliability.long=true}: more people,
 * five kills and two Kafka restarts.
 */
@ExtendWith(RunningStack.class)
@Order(3)
class VerifiedMeansGrantedTest {

    private static final boolean LONG = Boolean.getBoolean("reliability.long");
    /** Each address may receive 10 codes an hour: many people, a few verifications each. */
    private static final int PEOPLE = LONG ? 48 : 6;
    private static final int ROUNDS = LONG ? 8 : 5;
    private static final int KILLS = LONG ? 5 : 2;
    private static final int KAFKA_RESTARTS = LONG ? 2 : 1;
    private static final Mailbox MAILBOX = new Mailbox(RunningStack.ENDPOINTS.mailbox());

    /** One person's phone and what became of the verifications it started. */
    private static final class Person {
        final KeycloakPeople.Person who;
        final Phone phone;
        final List<String> started = new ArrayList<>();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

        Person(KeycloakPeople.Person who, Phone phone) {
            this.who = who;
            this.phone = phone;
        }
    }

    @Test
    void everyAcknowledgedVerificationBecomesExactlyOneGrantDespiteKillsAndKafkaRestarts() throws Exception {
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            KeycloakPeople.Person who = KeycloakPeople.create("verified");
            Phone phone = Phone.create(Files.createTempDirectory("verified-phone"), RunningStack.ENDPOINTS, "ios",
                    "verified-" + UUID.randomUUID().toString().substring(0, 8));
            phone.signIn(who.username(), who.password(), true);
            people.add(new Person(who, phone));
        }
        AtomicInteger progress = new AtomicInteger();
        List<String> faults = new ArrayList<>();
        long started = System.nanoTime();
        try (KafkaTap events = KafkaTap.live("verification-events")) {
            ExecutorService pool = Executors.newFixedThreadPool(PEOPLE);
            for (Person person : people) {
                pool.submit(() -> verify(person, progress));
            }
            faults.addAll(Faults.during("verification-service", progress, PEOPLE * ROUNDS, KILLS, KAFKA_RESTARTS));
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).as("people finished").isTrue();
            Faults.restart();
            long finished = System.nanoTime();

            // What each verification is now, as its owner reads it.
            Set<String> verified = new HashSet<>();
            Set<String> notVerified = new HashSet<>();
            List<String> lost = new ArrayList<>();
            int acknowledged = 0;
            for (Person person : people) {
                acknowledged += person.acknowledged.size();
                for (String id : person.started) {
                    String status = retry(() -> person.phone.api().get("/v1/verifications/" + id).body().path("status").asText());
                    (status.equals("VERIFIED") ? verified : notVerified).add(id);
                    if (person.acknowledged.contains(id) && !status.equals("VERIFIED")) {
                        lost.add(id + " answered VERIFIED, now " + status);
                    }
                }
            }
            Map<String, Set<String>> heard = awaitEvents(events, verified, notVerified);
            List<String> unheard = verified.stream().filter(id -> heard.getOrDefault(id, Set.of()).isEmpty()).toList();
            List<String> twice = verified.stream().filter(id -> heard.getOrDefault(id, Set.of()).size() > 1).toList();
            List<String> spurious = notVerified.stream().filter(heard::containsKey).toList();
            Set<String> granted = awaitGrants(verified);
            double settled = (System.nanoTime() - finished) / 1e9;
            List<String> refused = new ArrayList<>();
            for (Person person : people) {
                for (String id : person.started) {
                    if (verified.contains(id) && !credentialIssued(person, id)) {
                        refused.add(id);
                    }
                }
            }

            Results.write("durability-verifications", "people prove accounts by emailed codes through the gateway ("
                            + PEOPLE + " phones); " + faults,
                    people.stream().mapToInt(person -> person.started.size()).sum() + " verifications started, "
                            + acknowledged + " answered VERIFIED, " + verified.size() + " VERIFIED in the end, in "
                            + Math.round((finished - started) / 1e9) + " s",
                    lost.size() + " acknowledged verifications lost, " + unheard.size() + " without an event, " + twice.size()
                            + " with two events, " + spurious.size() + " events of unverified ones, "
                            + (verified.size() - granted.size()) + " grants missing, " + refused.size() + " credentials refused",
                    String.format("events and grants complete %.1f s after the last verification", settled));
            assertThat(acknowledged).as("verifications answered VERIFIED").isPositive();
            assertThat(lost).as("acknowledged verifications no longer VERIFIED").isEmpty();
            assertThat(unheard).as("VERIFIED without a VerificationSucceeded event").isEmpty();
            assertThat(twice).as("VERIFIED with two different events").isEmpty();
            assertThat(spurious).as("events of verifications that are not VERIFIED").isEmpty();
            assertThat(granted).as("notification-service's grants").containsExactlyInAnyOrderElementsOf(verified);
            assertThat(refused).as("verified accounts whose credential was refused").isEmpty();
            assertThat(faults).hasSize(KILLS + 2 * KAFKA_RESTARTS);
        } finally {
            Faults.restart();
        }
    }

    /** A person proves ROUNDS accounts one after the other; what fails during a fault is tried again. */
    private static void verify(Person person, AtomicInteger progress) {
        for (int round = 0; round < ROUNDS; round++) {
            try {
                verifyOne(person, round, progress);
            } catch (RuntimeException failed) {
                // Counted as not verified (the final statuses decide); the faults wait for progress, so it moves on.
                progress.incrementAndGet();
            }
        }
    }

    private static void verifyOne(Person person, int round, AtomicInteger progress) {
        {
            String accountRef = "verified-" + round;
            int seen = MAILBOX.count(person.who.email());
            String id = retry(() -> person.phone.api().post("/v1/verifications", Map.of("accountRef", accountRef,
                    "deviceId", person.phone.state().deviceId, "channel", "email")).body().get("id").asText());
            synchronized (person.started) {
                person.started.add(id);
            }
            String code;
            try {
                code = MAILBOX.awaitCode(person.who.email(), seen, Duration.ofSeconds(120));
            } catch (IllegalStateException noMail) {
                progress.incrementAndGet();
                return; // never verified: it must publish nothing
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    JsonNode answer = person.phone.api().post("/v1/verifications/" + id + "/otp", Map.of("code", code)).body();
                    if (answer.path("status").asText().equals("VERIFIED")) {
                        person.acknowledged.add(id);
                    }
                    break;
                } catch (ApiProblem problem) {
                    if (problem.status() < 500 && problem.status() != 429) {
                        break; // e.g. 409: an earlier try without an answer used the code; the status says what stands
                    }
                } catch (IllegalStateException unreachable) {
                    // the service is down: the same code again in a moment
                }
                NothingAcknowledgedIsLostTest.pause(Duration.ofMillis(500));
            }
            progress.incrementAndGet();
        }
    }

    /** Tries {@code call} until it answers (a service being restarted, Kafka away), for at most two minutes. */
    private static <T> T retry(Supplier<T> call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (ApiProblem problem) {
                if ((problem.status() < 500 && problem.status() != 429) || System.nanoTime() > deadline) {
                    throw problem;
                }
            } catch (IllegalStateException unreachable) {
                if (System.nanoTime() > deadline) {
                    throw unreachable;
                }
            }
            NothingAcknowledgedIsLostTest.pause(Duration.ofMillis(500));
        }
    }

    /** The VerificationSucceeded event ids by verification, until every verified one is heard of (90 s at most). */
    private static Map<String, Set<String>> awaitEvents(KafkaTap events, Set<String> verified, Set<String> notVerified) {
        Map<String, Set<String>> heard = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (KafkaTap.Record record : events.drain(Duration.ofSeconds(2))) {
                if (!record.ceType().endsWith("VerificationSucceeded")) {
                    continue;
                }
                String id = Json.read(record.value()).path("verificationId").asText();
                if (verified.contains(id) || notVerified.contains(id)) {
                    heard.computeIfAbsent(id, key -> new HashSet<>()).add(record.ceId());
                }
            }
            if (heard.keySet().containsAll(verified)) {
                break;
            }
        }
        return heard;
    }

    /** The verifications notification-service holds a grant for, until all are there (60 s at most). */
    private static Set<String> awaitGrants(Set<String> verified) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Set<String> granted = new HashSet<>();
            try (Connection connection = LocalServers.database("notification");
                    PreparedStatement query = connection.prepareStatement(
                            "SELECT verification_id::text FROM credential_grant WHERE verification_id = ANY (?)")) {
                Array ids = connection.createArrayOf("uuid", verified.toArray());
                query.setArray(1, ids);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        granted.add(rows.getString(1));
                    }
                }
            }
            if (granted.containsAll(verified) || System.nanoTime() > deadline) {
                return granted;
            }
            NothingAcknowledgedIsLostTest.pause(Duration.ofSeconds(1));
        }
    }

    /** The phone turns the verified account into its push credential (once; a second ask would be 409). */
    private static boolean credentialIssued(Person person, String verificationId) {
        JsonNode verification = retry(() -> person.phone.api().get("/v1/verifications/" + verificationId).body());
        Map<String, Object> body = Map.of("verificationId", verificationId, "accountRef", verification.path("accountRef").asText(),
                "deviceId", person.phone.state().deviceId, "publicKey", DeviceKeys.generate().publicJwk());
        try {
            return retry(() -> person.phone.api().post("/v1/push-credentials", body).status()) == 201;
        } catch (ApiProblem refused) {
            return false;
        }
    }
}
