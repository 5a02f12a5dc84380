package io.authcloud.simulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.RunningStack;
import io.authcloud.simulator.app.Json;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL, Redis and Kafka each paused (SIGSTOP: sockets open, nothing answers) and resumed, while a phone
 * writes its backup through the gateway and every service's readiness is watched. While PostgreSQL or Redis is
 * paused, requests that need it are answered 503 problem+json within the services' deadline (no hanging client),
 * requests that do not need it still work, and readiness is down where the server is used; while Kafka is paused,
 * writes still succeed (the outbox keeps their events) and readiness stays up. After resume the write succeeds
 * again within 10 s, readiness is back, every outbox is drained, and the last acknowledged write reads back with
 * its bytes. 15 s pauses by default, the 30 s with {@code -Dreliability.long=true}.
 */
@ExtendWith(RunningStack.class)
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PausesTest {

    private static final Duration PAUSE = Duration.ofSeconds(Boolean.getBoolean("reliability.long") ? 30 : 15);
    /** The services' deadline (authcloud.http.deadline, 8 s) and some slack for the gateway and this machine. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(10);
    private static final Duration RECOVERY = Duration.ofSeconds(10);
    /**
     * Between two writes of the one phone: under the person's 60 backup writes a minute (docs/api.md), so a long
     * pause meets the server being paused, not the rate limit (found by the 30 s run: 429 after a minute's 60).
     */
    private static final Duration BETWEEN_WRITES = Duration.ofMillis(1_200);
    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();
    private static final Set<String> ALL = LocalServers.PORTS.keySet();
    private static final HttpClient HTTP = LocalServers.HTTP;

    /** One answer: what was asked, its status and type, how long it took (-1: no answer at all). */
    record Answer(String what, int status, String contentType, long millis) {
        boolean isProblem503() {
            return status == 503 && contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return what + " " + status + " " + contentType + " in " + millis + " ms";
        }
    }

    @Test
    @Order(1)
    void postgresqlPausedFailsFastAndRecovers() throws Exception {
        pause("postgresql", ALL, false);
    }

    @Test
    @Order(2)
    void redisPausedFailsFastAndRecovers() throws Exception {
        pause("redis", Set.of("backup-service", "verification-service", "notification-service"), false);
    }

    @Test
    @Order(3)
    void kafkaPausedKeepsWritingAndDrainsAfterwards() throws Exception {
        pause("kafka", Set.of(), true);
    }

    /**
     * Pauses {@code server} for {@link #PAUSE}; {@code down} are the services whose readiness must go down, and
     * {@code writesSucceed} whether backup writes must keep succeeding meanwhile.
     */
    private static void pause(String server, Set<String> down, boolean writesSucceed) throws Exception {
        Phone phone = new Phone(KeycloakPeople.create("paused").username());
        assertThat(phone.write().status()).as("a write before the pause").isBetween(200, 201);

        List<Answer> writes = Collections.synchronizedList(new ArrayList<>());
        List<Answer> reads = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Answer>> readiness = new LinkedHashMap<>();
        ALL.forEach(service -> readiness.put(service, Collections.synchronizedList(new ArrayList<>())));
        AtomicBoolean paused = new AtomicBoolean(true);
        Faults.pause(server);
        long resumedAt;
        try {
            CompletableFuture<Void> api = CompletableFuture.runAsync(() -> {
                while (paused.get()) {
                    writes.add(phone.write());
                    if (!server.equals("postgresql")) {
                        reads.add(phone.list()); // needs only PostgreSQL
                    }
                    sleep(BETWEEN_WRITES);
                }
            });
            CompletableFuture<Void> probes = CompletableFuture.runAsync(() -> {
                while (paused.get()) {
                    readiness.forEach((service, answers) -> answers.add(ready(service)));
                    sleep(Duration.ofMillis(500));
                }
            });
            sleep(PAUSE);
            paused.set(false);
            api.get();
            probes.get();
        } finally {
            Faults.resume(server);
            resumedAt = System.nanoTime();
        }

        // Recovery: the phone writes again, every readiness is up, every outbox is drained.
        Answer first = awaitSuccess(phone::write, resumedAt);
        double writeAgain = seconds(resumedAt);
        for (String service : ALL) {
            awaitSuccess(() -> ready(service), resumedAt);
        }
        double readyAgain = seconds(resumedAt);
        Map<String, Long> pending = awaitDrainedOutboxes(resumedAt);
        double drained = seconds(resumedAt);
        String lost = phone.readBack();

        List<Answer> slow = new ArrayList<>();
        writes.stream().filter(answer -> answer.millis() < 0 || answer.millis() > FAIL_FAST.toMillis()).forEach(slow::add);
        reads.stream().filter(answer -> answer.millis() < 0 || answer.millis() > FAIL_FAST.toMillis()).forEach(slow::add);
        readiness.values().forEach(answers -> answers.stream()
                .filter(answer -> answer.millis() < 0 || answer.millis() > FAIL_FAST.toMillis()).forEach(slow::add));
        long refused = writes.stream().filter(Answer::isProblem503).count();
        long succeeded = writes.stream().filter(answer -> answer.status() / 100 == 2).count();
        Results.write("pause-" + server, server + " paused (SIGSTOP) " + PAUSE.toSeconds() + " s under a phone's writes",
                writes.size() + " writes during the pause: " + succeeded + " succeeded, " + refused + " answered 503 problem+json"
                        + (reads.isEmpty() ? "" : "; " + reads.size() + " reads not needing " + server + ": "
                                + reads.stream().filter(answer -> answer.status() == 200).count() + " answered 200")
                        + "; readiness down: " + readiness.entrySet().stream()
                                .filter(entry -> entry.getValue().stream().anyMatch(answer -> answer.status() == 503))
                                .map(Map.Entry::getKey).collect(Collectors.joining(", ", "[", "]"))
                        + "; slowest answer " + slowest(writes, reads, readiness) + " ms",
                (lost.isEmpty() ? "0 acknowledged writes lost" : lost) + ", " + slow.size() + " answers slower than "
                        + FAIL_FAST.toSeconds() + " s, outbox backlog " + pending.values().stream().mapToLong(Long::longValue).sum(),
                String.format("writes again %.1f s, ready %.1f s, outboxes drained %.1f s after resume", writeAgain, readyAgain,
                        drained));

        assertThat(slow).as("answers that hung past the deadline (or never came)").isEmpty();
        if (writesSucceed) {
            assertThat(writes).as("writes while %s is paused", server).isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isBetween(200, 201));
        } else {
            assertThat(writes).as("writes while %s is paused", server).isNotEmpty()
                    .allSatisfy(answer -> assertThat(answer.isProblem503()).as(answer.toString()).isTrue());
        }
        assertThat(reads).as("reads that do not need %s", server)
                .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
        readiness.forEach((service, answers) -> {
            if (down.contains(service)) {
                assertThat(answers).as("%s's readiness while %s is paused", service, server)
                        .anySatisfy(answer -> assertThat(answer.status()).isEqualTo(503));
            } else {
                assertThat(answers).as("%s's readiness while %s is paused", service, server)
                        .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
            }
        });
        assertThat(first.status()).isBetween(200, 201);
        assertThat(writeAgain).as("seconds until a write succeeds again").isLessThanOrEqualTo(RECOVERY.toSeconds());
        assertThat(readyAgain).as("seconds until every service is ready again").isLessThanOrEqualTo(RECOVERY.toSeconds());
        assertThat(pending).as("events still in the outboxes %s after resume", RECOVERY)
                .allSatisfy((service, count) -> assertThat(count).isZero());
        assertThat(lost).as("the last acknowledged write, read back").isEmpty();
    }

    /** A phone writing new versions of one backup, as the app does (If-None-Match, then If-Match). */
    private static final class Phone {
        private final String username;
        private final String location;
        private final SecureRandom random = new SecureRandom();
        private int version;
        private String acknowledgedSha;
        private int acknowledgedVersion;

        Phone(String username) {
            this.username = username;
            this.location = GATEWAY + "/v1/backups/icloud/paused-" + username;
        }

        Answer write() {
            byte[] ciphertext = new byte[256];
            random.nextBytes(ciphertext);
            String body = Json.write(Map.of("ciphertext", Base64.getEncoder().encodeToString(ciphertext), "keyId", "paused-key",
                    "formatVersion", 1, "deviceId", "paused-phone", "platform", "ios", "accountCount", 1));
            HttpRequest.Builder request = request(location).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body));
            request.header(version == 0 ? "If-None-Match" : "If-Match", version == 0 ? "*" : "\"" + version + "\"");
            Exchange exchange = send("PUT backup", request.build());
            if (exchange.answer().status() / 100 == 2) {
                version = Integer.parseInt(exchange.response().headers().firstValue("ETag").orElseThrow().replace("\"", ""));
                acknowledgedVersion = version;
                acknowledgedSha = NothingAcknowledgedIsLostTest.sha256(ciphertext);
            } else if (exchange.answer().status() == 412 || exchange.answer().status() >= 500 || exchange.answer().status() < 0) {
                resync(); // a write without an answer may have been stored: where does the backup stand?
            }
            return exchange.answer();
        }

        Answer list() {
            return send("GET backups", request(GATEWAY + "/v1/backups").GET().build()).answer();
        }

        private void resync() {
            Exchange current = send("GET backup", request(location).GET().build());
            if (current.answer().status() == 200) {
                version = Integer.parseInt(current.response().headers().firstValue("ETag").orElseThrow().replace("\"", ""));
            }
        }

        /** Empty when the backup holds the last acknowledged write's bytes (or a later version); what is wrong else. */
        String readBack() {
            Exchange current = send("GET backup", request(location).GET().build());
            if (current.answer().status() != 200) {
                return "the backup cannot be read: " + current.answer();
            }
            JsonNode body = Json.read(current.response().body());
            int stored = body.path("version").asInt();
            String sha = NothingAcknowledgedIsLostTest.sha256(Base64.getDecoder().decode(body.path("ciphertext").asText()));
            if (stored < acknowledgedVersion || stored == acknowledgedVersion && !sha.equals(acknowledgedSha)) {
                return "v" + stored + " read back after v" + acknowledgedVersion + " was acknowledged";
            }
            return "";
        }

        private HttpRequest.Builder request(String url) {
            return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                    .header("Authorization", "Bearer " + KeycloakTokens.password(username));
        }
    }

    private record Exchange(Answer answer, HttpResponse<String> response) {
    }

    private static Exchange send(String what, HttpRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Exchange(new Answer(what, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), (System.nanoTime() - started) / 1_000_000), response);
        } catch (java.io.IOException e) {
            return new Exchange(new Answer(what + " (" + e.getClass().getSimpleName() + ")", -1, "", -1), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer ready(String service) {
        return send(service + " readiness", HttpRequest.newBuilder(URI.create(LocalServers.url(service) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(40)).GET().build()).answer();
    }

    /** Repeats {@code attempt} until it succeeds, for at most twice the recovery time. */
    private static Answer awaitSuccess(java.util.function.Supplier<Answer> attempt, long since) {
        while (true) {
            Answer answer = attempt.get();
            if (answer.status() / 100 == 2 || seconds(since) > 2 * RECOVERY.toSeconds()) {
                return answer;
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** Each service's events not yet published, polled until none is left (or twice the recovery time). */
    private static Map<String, Long> awaitDrainedOutboxes(long since) throws Exception {
        while (true) {
            Map<String, Long> pending = new LinkedHashMap<>();
            for (String database : List.of("backup", "recovery", "verification", "notification")) {
                try (Connection connection = LocalServers.database(database); Statement query = connection.createStatement();
                        ResultSet row = query.executeQuery("SELECT count(*) FROM outbox_event WHERE published_at IS NULL")) {
                    row.next();
                    pending.put(database, row.getLong(1));
                }
            }
            if (pending.values().stream().allMatch(count -> count == 0) || seconds(since) > 2 * RECOVERY.toSeconds()) {
                return pending;
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private static long slowest(List<Answer> writes, List<Answer> reads, Map<String, List<Answer>> readiness) {
        List<Answer> all = new ArrayList<>(writes);
        all.addAll(reads);
        readiness.values().forEach(all::addAll);
        return all.stream().mapToLong(Answer::millis).max().orElse(0);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void sleep(Duration duration) {
        NothingAcknowledgedIsLostTest.pause(duration);
    }
}
