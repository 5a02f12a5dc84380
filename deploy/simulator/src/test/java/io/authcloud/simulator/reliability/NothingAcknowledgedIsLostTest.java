package io.authcloud.simulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.RunningStack;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Json;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Durability under faults: people write backups through the gateway, each from one phone, while backup-service
 * is killed (SIGKILL) and brought back, and Kafka is stopped and started. Afterwards every acknowledged write is
 * readable with its exact bytes (the current version, and every kept one), and for every version of every backup
 * exactly one event was published (its {@code sha256} that of the bytes acknowledged) and recovery-service's
 * catalogue holds the current version. Short by default (a few hundred writes); {@code -Dreliability.long=true}
 * is the long run (10,000 writes, five kills, two Kafka restarts).
 */
@ExtendWith(RunningStack.class)
@Order(1) // first: its kills restart backup-service with a new log, which the last test's secret scan then reads whole
class NothingAcknowledgedIsLostTest {

    private static final boolean LONG = Boolean.getBoolean("reliability.long");
    private static final int WRITES = LONG ? 10_000 : 300;
    private static final int KILLS = LONG ? 5 : 2;
    private static final int KAFKA_RESTARTS = LONG ? 2 : 1;
    /** Each person may write 60 times a minute: the writers are as many people. */
    private static final int WRITERS = LONG ? 64 : 16;
    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();

    /** One phone's writes: what the server acknowledged, and what it may or may not have stored. */
    static final class Writer {
        final String username;
        final String location;
        final Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
        final Map<Integer, String> uncertain = new ConcurrentHashMap<>();
        int lastAcknowledged;
        int version;

        Writer(String username, String storageAccount) {
            this.username = username;
            this.location = "/v1/backups/icloud/" + storageAccount;
        }

        Http api() {
            return new Http(GATEWAY, () -> KeycloakTokens.password(username));
        }
    }

    @Test
    void everyAcknowledgedWriteIsReadableAndHeardOfExactlyOnceDespiteKillsAndKafkaRestarts() throws Exception {
        List<Writer> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            KeycloakPeople.Person person = KeycloakPeople.create("durable");
            writers.add(new Writer(person.username(), "durable-" + person.username()));
        }
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        List<String> faults = new ArrayList<>();
        long started = System.nanoTime();
        try (KafkaTap events = KafkaTap.live("backup-events")) {
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            for (Writer writer : writers) {
                pool.submit(() -> write(writer, acknowledged, failed, done));
            }
            faults.addAll(Faults.during("backup-service", acknowledged, WRITES, KILLS, KAFKA_RESTARTS));
            while (acknowledged.get() < WRITES) {
                Thread.sleep(200);
            }
            done.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).as("writers stopped").isTrue();
            Faults.restart();
            long written = System.nanoTime();

            List<String> lost = new ArrayList<>();
            for (Writer writer : writers) {
                lost.addAll(readBack(writer));
            }
            Map<String, Map<Integer, Set<String>>> heard = awaitEvents(events, writers);
            List<String> unheard = new ArrayList<>();
            List<String> duplicated = new ArrayList<>();
            for (Writer writer : writers) {
                Map<Integer, Set<String>> versions = heard.getOrDefault(writer.location, Map.of());
                for (int version = 1; version <= writer.version; version++) {
                    Set<String> ids = versions.getOrDefault(version, Set.of());
                    if (ids.isEmpty()) {
                        unheard.add(writer.location + " v" + version);
                    } else if (ids.size() > 1) {
                        duplicated.add(writer.location + " v" + version + " (" + ids.size() + " events)");
                    }
                }
            }
            List<String> catalogue = awaitCatalogue(writers);
            double recoverySeconds = (System.nanoTime() - written) / 1e9;

            Results.write("durability", "backup writes through the gateway from " + WRITERS + " phones; " + faults,
                    acknowledged.get() + " acknowledged, " + failed.get() + " refused or unanswered during faults, in "
                            + Math.round((written - started) / 1e9) + " s",
                    lost.size() + " acknowledged writes lost or altered, " + unheard.size() + " versions without an event, "
                            + duplicated.size() + " with two events, " + catalogue.size() + " catalogue rows behind",
                    String.format("events and catalogue complete %.1f s after the last write", recoverySeconds));
            assertThat(lost).as("acknowledged writes not readable with their bytes").isEmpty();
            assertThat(unheard).as("stored versions no event told of").isEmpty();
            assertThat(duplicated).as("versions told of by two different events").isEmpty();
            assertThat(catalogue).as("recovery-service's catalogue behind backup-service").isEmpty();
            assertThat(faults).hasSize(KILLS + 2 * KAFKA_RESTARTS);
        } finally {
            done.set(true);
            Faults.restart();
        }
    }

    /** Writes new versions until told to stop; a write without an answer is uncertain until read back. */
    private static void write(Writer writer, AtomicInteger acknowledged, AtomicInteger failed, AtomicBoolean done) {
        SecureRandom random = new SecureRandom();
        Http api = writer.api();
        while (!done.get()) {
            byte[] ciphertext = new byte[512];
            random.nextBytes(ciphertext);
            String sha = sha256(ciphertext);
            Map<String, Object> body = backupBody(ciphertext, "durable-key", "durable-phone");
            int next = writer.version + 1;
            try {
                Http.Response answer = api.put(writer.location, body,
                        writer.version == 0 ? Map.of("If-None-Match", "*") : Map.of("If-Match", "\"" + writer.version + "\""));
                int stored = Integer.parseInt(answer.etag().replace("\"", ""));
                writer.acknowledged.put(stored, sha);
                writer.lastAcknowledged = stored;
                writer.version = stored;
                acknowledged.incrementAndGet();
            } catch (io.authcloud.simulator.app.ApiProblem problem) {
                if (problem.status() == 429) {
                    pause(Duration.ofSeconds(Math.max(1, Long.parseLong(problem.header("Retry-After")))));
                    continue;
                }
                failed.incrementAndGet();
                writer.uncertain.put(next, sha);
                resync(writer, api, done);
            } catch (IllegalStateException unreachable) {
                failed.incrementAndGet();
                writer.uncertain.put(next, sha);
                resync(writer, api, done);
            }
        }
    }

    /** The body of a backup write: {@code ciphertext} (format 1, one account) under {@code keyId}, from an iPhone. */
    static Map<String, Object> backupBody(byte[] ciphertext, String keyId, String deviceId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        body.put("keyId", keyId);
        body.put("formatVersion", 1);
        body.put("deviceId", deviceId);
        body.put("platform", "ios");
        body.put("accountCount", 1);
        return body;
    }

    /** After a write without an answer: where the backup stands now (the write may have been stored). */
    private static void resync(Writer writer, Http api, AtomicBoolean done) {
        while (true) {
            pause(Duration.ofMillis(500));
            try {
                writer.version = Integer.parseInt(api.get(writer.location).etag().replace("\"", ""));
                return;
            } catch (io.authcloud.simulator.app.ApiProblem problem) {
                if (problem.status() == 404 && writer.lastAcknowledged == 0) {
                    writer.version = 0;
                    return;
                }
            } catch (IllegalStateException unreachable) {
                // still down
            }
            if (done.get() && writer.version == 0) {
                return;
            }
        }
    }

    /** What a writer's backup holds now, held against what was acknowledged. */
    private static List<String> readBack(Writer writer) {
        List<String> lost = new ArrayList<>();
        Http api = writer.api();
        if (writer.lastAcknowledged == 0) {
            return lost;
        }
        Http.Response current = api.get(writer.location);
        int version = Integer.parseInt(current.etag().replace("\"", ""));
        String sha = sha256(Base64.getDecoder().decode(current.body().get("ciphertext").asText()));
        writer.version = version;
        String expected = version == writer.lastAcknowledged ? writer.acknowledged.get(version) : writer.uncertain.get(version);
        if (version < writer.lastAcknowledged || !sha.equals(expected)) {
            lost.add(writer.location + ": current v" + version + " after acknowledged v" + writer.lastAcknowledged);
        }
        for (JsonNode kept : api.get(writer.location + "/versions").body().path("versions")) {
            int number = kept.path("version").asInt();
            String acknowledgedSha = writer.acknowledged.get(number);
            if (acknowledgedSha == null) {
                continue;
            }
            JsonNode read = api.get(writer.location + "/versions/" + number).body();
            if (!acknowledgedSha.equals(sha256(Base64.getDecoder().decode(read.get("ciphertext").asText())))) {
                lost.add(writer.location + " v" + number + ": other bytes than acknowledged");
            }
        }
        return lost;
    }

    /** The BackupStored events of the writers' backups, by location and version, each with its event ids. */
    private static Map<String, Map<Integer, Set<String>>> awaitEvents(KafkaTap events, List<Writer> writers) {
        Map<String, Integer> wanted = new HashMap<>();
        writers.forEach(writer -> wanted.put(writer.location, writer.version));
        Map<String, Map<Integer, Set<String>>> heard = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (KafkaTap.Record record : events.drain(Duration.ofSeconds(2))) {
                if (!record.ceType().endsWith("BackupStored")) {
                    continue;
                }
                JsonNode body = Json.read(record.value());
                String location = "/v1/backups/" + body.path("provider").asText() + "/" + body.path("storageAccount").asText();
                if (wanted.containsKey(location)) {
                    heard.computeIfAbsent(location, key -> new HashMap<>())
                            .computeIfAbsent(body.path("version").asInt(), key -> new HashSet<>()).add(record.ceId());
                }
            }
            boolean complete = wanted.entrySet().stream().allMatch(entry ->
                    heard.getOrDefault(entry.getKey(), Map.of()).size() >= entry.getValue());
            if (complete) {
                break;
            }
        }
        return heard;
    }

    /** recovery-service's catalogue rows of the writers' backups that do not show the current version. */
    private static List<String> awaitCatalogue(List<Writer> writers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<String> behind = new ArrayList<>();
            try (Connection connection = LocalServers.database("recovery");
                    PreparedStatement query = connection.prepareStatement(
                            "SELECT version FROM backup_catalogue WHERE provider = 'icloud' AND storage_account = ?")) {
                for (Writer writer : writers) {
                    query.setString(1, writer.location.substring(writer.location.lastIndexOf('/') + 1));
                    try (ResultSet row = query.executeQuery()) {
                        int catalogued = row.next() ? row.getInt(1) : 0;
                        if (catalogued != writer.version) {
                            behind.add(writer.location + ": catalogue v" + catalogued + ", backup v" + writer.version);
                        }
                    }
                }
            }
            if (behind.isEmpty() || System.nanoTime() > deadline) {
                return behind;
            }
            pause(Duration.ofSeconds(1));
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
