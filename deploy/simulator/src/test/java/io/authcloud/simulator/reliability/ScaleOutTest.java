package io.authcloud.simulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.simulator.RunningStack;
import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.Http;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of every service behind the gateway ({@code deploy/local/up.sh --replicas 2}, as
 * {@code deploy/local/test.sh} runs the system tests): the consumers of one service share its group's partitions
 * and take over those of an instance that dies, and a rolling restart of every service under load fails no
 * request. The other suites (durability, races, brute force) run against the same two instances.
 */
@ExtendWith(RunningStack.class)
@Order(0) // first: the rolling restart starts every instance with a new log, which the secret scan then reads whole
class ScaleOutTest {

    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();
    /** The consuming services, each one consumer group, and a topic each reads. */
    private static final Map<String, String> GROUPS = Map.of("recovery-service", "backup-events",
            "notification-service", "verification-events");
    private static final int PARTITIONS = 6;
    private static final boolean LONG = Boolean.getBoolean("reliability.long");

    @Test
    void consumersOfAServiceSplitItsPartitionsAndTakeOverThoseOfAnInstanceThatDies() throws Exception {
        assertTwoInstances();
        try (Admin kafka = Admin.create(LocalStack.kafkaClient("authcloud-test"))) {
            for (Map.Entry<String, String> group : GROUPS.entrySet()) {
                // Fails unless every instance's consumer of the topic holds some of its partitions.
                awaitMembers(kafka, group.getKey(), group.getValue(), RunningStack.replicas());
            }

            // recovery-service-2 dies mid-stream: backups written now must still reach recovery-service's catalogue.
            Faults.kill("recovery-service-2");
            long killed = System.nanoTime();
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 2 * PARTITIONS; i++) {
                KeycloakPeople.Person person = KeycloakPeople.create("scale");
                String account = "scale-" + person.username();
                writeBackup(new Http(GATEWAY, () -> KeycloakTokens.password(person.username())), account);
                accounts.add(account);
            }
            List<String> behind = awaitCatalogued(accounts, Duration.ofSeconds(120));
            double caughtUp = (System.nanoTime() - killed) / 1e9;
            Map<Integer, Set<Integer>> alone = awaitMembers(kafka, "recovery-service", "backup-events", 1);

            Faults.restart();
            long restarted = System.nanoTime();
            Map<Integer, Set<Integer>> again = awaitMembers(kafka, "recovery-service", "backup-events", 2);
            double rejoined = (System.nanoTime() - restarted) / 1e9;

            Results.write("scale-out-consumers", "two instances of each service; the consumer groups of recovery- and"
                            + " notification-service; recovery-service-2 SIGKILLed while " + accounts.size()
                            + " people write backups (keys spread over the " + PARTITIONS + " partitions)",
                    RunningStack.replicas() + " members per group, each holding partitions; " + accounts.size() + " backups",
                    behind.size() + " backups missing from recovery-service's catalogue; the survivor held all "
                            + alone.values().iterator().next().size() + " partitions",
                    String.format("every backup catalogued %.1f s after the kill (the group's session timeout), the restarted"
                            + " instance's consumer held partitions again %.1f s after it was ready", caughtUp, rejoined));
            assertThat(behind).as("backups the survivor did not catalogue").isEmpty();
            assertThat(alone.values().iterator().next()).as("the survivor holds every partition").hasSize(PARTITIONS);
            assertThat(again).as("after the restart both instances' consumers hold partitions").hasSize(2);
        } finally {
            Faults.restart();
        }
    }

    @Test
    void aRollingRestartOfEveryServiceUnderLoadFailsNoRequest() throws Exception {
        assertTwoInstances();
        Map<String, String> pidsBefore = pids();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clients.add(new Client(KeycloakPeople.create("rolling")));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger requests = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        long started = System.nanoTime();
        try {
            for (Client client : clients) {
                pool.submit(() -> client.run(done, requests, failures));
            }
            Thread.sleep(2_000); // the load is on before the first instance goes
            Faults.roll(LONG ? List.of() : LocalServers.PORTS.keySet().stream().map(service -> service + "-2").toList());
            Thread.sleep(2_000);
        } finally {
            done.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).as("clients stopped").isTrue();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, String> pidsAfter = pids();
        Map<String, String> rolled = new TreeMap<>(pidsAfter);
        rolled.entrySet().removeIf(entry -> entry.getValue().equals(pidsBefore.get(entry.getKey())));

        Results.write("rolling-restart", "rolling restart of " + (LONG ? "every instance" : "the second instance") + " of"
                        + " each of the four services (deploy/local/roll.sh: the gateway drains one, SIGTERM, start, ready, back) while " + clients.size() + " people each write"
                        + " and read their backup, read /v1/me, register and list their phone and look up a verification",
                requests.get() + " requests through the gateway in " + Math.round(seconds) + " s; " + rolled.size()
                        + " instances restarted one after the other",
                failures.size() + " requests failed" + (failures.isEmpty() ? "" : ": " + failures.subList(0, Math.min(5,
                        failures.size()))),
                "-");
        assertThat(failures).as("requests that failed during the rolling restart").isEmpty();
        assertThat(requests.get()).as("requests made during the restart").isGreaterThan(100);
        assertThat(pidsAfter.keySet()).as("instances running afterwards").isEqualTo(pidsBefore.keySet());
        assertThat(rolled).as("instances restarted").hasSize(LONG ? pidsBefore.size() : LocalServers.PORTS.size());
    }

    /** One person's phone: touches each service through the gateway about once a second, and counts what fails. */
    private static final class Client {
        private final String username;
        private final Http api;
        private final String location;
        private final String deviceId = "rolling-" + UUID.randomUUID();
        private int version;

        Client(KeycloakPeople.Person person) {
            this.username = person.username();
            this.api = new Http(GATEWAY, () -> KeycloakTokens.password(username));
            this.location = "/v1/backups/icloud/rolling-" + username;
        }

        void run(AtomicBoolean done, AtomicInteger requests, List<String> failures) {
            while (!done.get()) {
                step(requests, failures, "PUT backup", () -> version = writeBackup(api, location, version));
                step(requests, failures, "GET backup", () -> api.get(location));
                step(requests, failures, "GET /v1/me", () -> api.get("/v1/me"));
                step(requests, failures, "POST /v1/devices", () -> api.post("/v1/devices", Map.of("deviceId", deviceId,
                        "platform", "android", "pushChannel", "fcm", "pushToken", "token-" + deviceId, "name", "Rolling phone")));
                step(requests, failures, "GET /v1/devices", () -> api.get("/v1/devices"));
                // verification-service answers for an id nobody has: 404 problem is its answer, not a failure.
                step(requests, failures, "GET /v1/verifications/{unknown}", () -> {
                    try {
                        api.get("/v1/verifications/" + UUID.randomUUID());
                        throw new IllegalStateException("an unknown verification was found");
                    } catch (ApiProblem problem) {
                        if (problem.status() != 404) {
                            throw problem;
                        }
                    }
                });
                NothingAcknowledgedIsLostTest.pause(Duration.ofMillis(1500)); // under the 60 writes a minute of a person
            }
        }

        private static void step(AtomicInteger requests, List<String> failures, String what, Runnable request) {
            requests.incrementAndGet();
            try {
                request.run();
            } catch (ApiProblem problem) {
                failures.add(what + ": " + problem.status() + " " + problem.body().path("type").asText(""));
            } catch (RuntimeException e) {
                failures.add(what + ": " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            }
        }
    }

    private static void assertTwoInstances() {
        assertThat(RunningStack.replicas()).as("instances of each service: the suite runs on deploy/local/up.sh --replicas 2"
                + " (deploy/local/test.sh and reliability.sh start it so)").isGreaterThanOrEqualTo(2);
    }

    private static int writeBackup(Http api, String storageAccount) {
        return writeBackup(api, "/v1/backups/icloud/" + storageAccount, 0);
    }

    /** A new version of a backup (the first with If-None-Match: *); answers the version stored. */
    private static int writeBackup(Http api, String location, int current) {
        byte[] ciphertext = new byte[256];
        new SecureRandom().nextBytes(ciphertext);
        Http.Response answer = api.put(location, NothingAcknowledgedIsLostTest.backupBody(ciphertext, "scale-key", "scale-phone"),
                current == 0 ? Map.of("If-None-Match", "*") : Map.of("If-Match", "\"" + current + "\""));
        return Integer.parseInt(answer.etag().replace("\"", ""));
    }

    /**
     * Waits until {@code count} members of the group (one consumer per instance and topic: a service's channels share
     * its group) hold {@code topic}'s partitions between them, all of them; answers each one's partitions.
     */
    private static Map<Integer, Set<Integer>> awaitMembers(Admin kafka, String group, String topic, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<Integer, Set<Integer>> holders = Map.of();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription description = kafka.describeConsumerGroups(List.of(group)).all().get().get(group);
            holders = new TreeMap<>();
            for (MemberDescription member : description.members()) {
                Set<Integer> partitions = member.assignment().topicPartitions().stream().filter(p -> p.topic().equals(topic))
                        .map(TopicPartition::partition).collect(Collectors.toCollection(java.util.TreeSet::new));
                if (!partitions.isEmpty()) {
                    holders.put(holders.size(), partitions);
                }
            }
            long held = holders.values().stream().mapToLong(Set::size).sum();
            if (holders.size() == count && held == PARTITIONS) {
                return holders;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(group + " did not settle on " + count + " members holding every partition of " + topic
                + " within 120 s; last seen: " + holders);
    }

    /** The accounts whose backup recovery-service's catalogue still lacks after waiting up to {@code within}. */
    private static List<String> awaitCatalogued(List<String> accounts, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<String> missing = new ArrayList<>();
            try (Connection connection = LocalServers.database("recovery");
                    PreparedStatement query = connection.prepareStatement(
                            "SELECT 1 FROM backup_catalogue WHERE provider = 'icloud' AND storage_account = ?")) {
                for (String account : accounts) {
                    query.setString(1, account);
                    try (ResultSet row = query.executeQuery()) {
                        if (!row.next()) {
                            missing.add(account);
                        }
                    }
                }
            }
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            Thread.sleep(500);
        }
    }

    /** The pid of every service instance now running (deploy/local/run/pids). */
    private static Map<String, String> pids() throws Exception {
        Map<String, String> pids = new TreeMap<>();
        for (String service : LocalServers.PORTS.keySet()) {
            for (String instance : LocalServers.instances(service)) {
                Path file = RunningStack.repository().resolve("deploy/local/run/pids/" + instance + ".pid");
                if (Files.exists(file)) {
                    pids.put(instance, Files.readString(file).trim());
                }
            }
        }
        return pids;
    }
}
