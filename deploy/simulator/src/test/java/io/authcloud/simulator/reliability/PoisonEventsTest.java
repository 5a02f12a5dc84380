package io.authcloud.simulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.simulator.RunningStack;
import io.authcloud.simulator.app.Phone;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.LocalStack;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Poison on every consumed topic of the running stack, published as the topic's own producer would (its Kafka
 * login): a value that is not JSON, a record claiming another source, a record keyed by someone else than its
 * owner, and a type no consumer knows. The first three reach the topic's dead-letter topic and are counted in
 * {@code authcloud_events_dead_lettered_total}; the unknown type is skipped where a topic carries types for other
 * consumers, and dead-lettered on notification-requests, whose one consumer knows its one type; the consumers keep
 * going. A real event published again (same id) is skipped as a duplicate.
 */
@ExtendWith(RunningStack.class)
class PoisonEventsTest {

    /** Each consumed topic, its producer, and a type its consumers handle. */
    private static final Map<String, String[]> TOPICS = new LinkedHashMap<>();

    static {
        TOPICS.put("backup-events", new String[] {"backup-service", "io.authcloud.backup.BackupStored"});
        TOPICS.put("recovery-events", new String[] {"recovery-service", "io.authcloud.recovery.RecoveryStarted"});
        TOPICS.put("verification-events", new String[] {"verification-service", "io.authcloud.verification.VerificationSucceeded"});
        TOPICS.put("notification-requests", new String[] {"verification-service", "io.authcloud.verification.OtpDeliveryRequested"});
        TOPICS.put("credential-events", new String[] {"notification-service", "io.authcloud.notification.PushCredentialIssued"});
    }

    @Test
    void poisonOnEveryTopicEndsInItsDeadLetterTopicAndIsCountedWhileTheConsumersGoOn() throws Exception {
        Map<String, Double> before = deadLettered();
        List<String> missing = new ArrayList<>();
        List<String> unknownDeadLettered = new ArrayList<>();
        int published = 0;
        for (Map.Entry<String, String[]> topic : TOPICS.entrySet()) {
            String name = topic.getKey();
            String producer = topic.getValue()[0];
            String type = topic.getValue()[1];
            Map<String, String> poison = new LinkedHashMap<>();
            try (KafkaTap dlq = KafkaTap.live(name + "-dlq"); KafkaProducer<String, String> kafka = producer(producer)) {
                String owner = UUID.randomUUID().toString();
                poison.put("unreadable", send(kafka, name, "poison-" + UUID.randomUUID(), "not json {", type, producer));
                String someone = "poison-" + UUID.randomUUID();
                poison.put("wrong-source", send(kafka, name, someone, "{\"owner\":\"" + someone + "\"}", type, "evil"));
                poison.put("wrong-key", send(kafka, name, "poison-" + UUID.randomUUID(), "{\"owner\":\"" + owner + "\"}", type, producer));
                String unknown = "poison-" + UUID.randomUUID();
                send(kafka, name, unknown, "{\"owner\":\"" + unknown + "\"}", "io.authcloud.NoSuchEvent", producer);
                kafka.flush();
                published += 4;
                for (Map.Entry<String, String> sent : poison.entrySet()) {
                    try {
                        dlq.await(record -> sent.getValue().equals(record.key()), Duration.ofSeconds(60));
                    } catch (AssertionError never) {
                        missing.add(name + ": " + sent.getKey());
                    }
                }
                if (dlq.drain(Duration.ofSeconds(3)).stream().anyMatch(record -> unknown.equals(record.key()))) {
                    unknownDeadLettered.add(name);
                }
            }
        }
        Map<String, Double> after = awaitCounted(before, 3 * TOPICS.size());
        assertThat(missing).as("poison records that did not reach the dead-letter topic").isEmpty();
        for (String topic : TOPICS.keySet()) {
            for (String reason : List.of("unreadable", "wrong-source", "wrong-key")) {
                assertThat(increase(before, after, topic, reason)).as("%s records dead-lettered as %s", topic, reason)
                        .isGreaterThanOrEqualTo(1);
            }
        }
        // A type no consumer knows is skipped on the shared topics (they carry types for other consumers too);
        // notification-requests carries one type only, and its consumer dead-letters any other as unreadable.
        assertThat(unknownDeadLettered).as("topics whose consumers dead-lettered a type they do not know")
                .containsExactly("notification-requests");
        Results.write("poison", "poison records on every consumed topic, as its producer (" + TOPICS.size() + " topics)",
                published + " records: not JSON, another source, another owner's key, an unknown type, on each",
                "0 handled: every one in its dead-letter topic and counted, but unknown types on the shared topics (skipped)",
                "consumers went on: every later record on each topic was read and dead-lettered too");
    }

    @Test
    void aRealEventPublishedAgainIsSkippedAsADuplicate() throws Exception {
        io.authcloud.testing.KeycloakPeople.Person person = io.authcloud.testing.KeycloakPeople.create("replay");
        Phone phone = Phone.create(Files.createTempDirectory("replay-phone"), RunningStack.ENDPOINTS, "ios",
                "replay-" + UUID.randomUUID().toString().substring(0, 8));
        phone.signIn(person.username(), person.password(), false);
        KafkaTap.Record stored;
        try (KafkaTap events = KafkaTap.live("backup-events")) {
            phone.backup();
            stored = events.await(record -> record.key().equals(person.sub()) && record.ceType().endsWith("BackupStored"),
                    Duration.ofSeconds(30));
        }
        long processed = awaitStable(() -> count("SELECT count(*) FROM processed_event"));
        Map<String, Double> before = deadLettered();
        try (KafkaProducer<String, String> kafka = producer("backup-service")) {
            ProducerRecord<String, String> again = new ProducerRecord<>("backup-events", stored.key(), stored.value());
            stored.headers().forEach((name, value) -> again.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            kafka.send(again).get();
        }
        Thread.sleep(5_000);
        assertThat(count("SELECT count(*) FROM processed_event")).as("recovery-service's handled events").isEqualTo(processed);
        assertThat(count("SELECT count(*) FROM backup_catalogue WHERE storage_account = '" + phone.state().storageAccount
                + "' AND version = 1")).isEqualTo(1);
        assertThat(deadLettered()).as("a duplicate is no poison").isEqualTo(before);
    }

    private static String send(KafkaProducer<String, String> kafka, String topic, String key, String value, String type,
            String source) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", type,
                "ce_source", "/authcloud/" + source, "ce_time", Instant.now().toString(), "content-type", "application/json");
        headers.forEach((name, header) -> record.headers().add(new RecordHeader(name, header.getBytes(StandardCharsets.UTF_8))));
        kafka.send(record).get();
        return key;
    }

    private static KafkaProducer<String, String> producer(String principal) {
        Properties properties = LocalStack.kafkaClient(principal);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /**
     * Every series of {@code authcloud_events_dead_lettered_total} of the four services, by its labels, summed over
     * the instances of each (with two, a record is dead-lettered by whichever holds its partition).
     */
    private static Map<String, Double> deadLettered() throws Exception {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String service : LocalServers.PORTS.keySet()) {
            for (String instance : LocalServers.instances(service)) {
                String metrics = LocalServers.HTTP.send(LocalServers.get(LocalServers.url(instance) + "/q/metrics"),
                        HttpResponse.BodyHandlers.ofString()).body();
                metrics.lines().filter(line -> line.startsWith("authcloud_events_dead_lettered_total{")).forEach(line -> {
                    int space = line.lastIndexOf(' ');
                    series.merge(line.substring(0, space), Double.parseDouble(line.substring(space + 1)), Double::sum);
                });
            }
        }
        return series;
    }

    private static Map<String, Double> awaitCounted(Map<String, Double> before, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Map<String, Double> now = deadLettered();
            double added = now.entrySet().stream().mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)).sum();
            if (added >= atLeast || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(500);
        }
    }

    private static double increase(Map<String, Double> before, Map<String, Double> after, String topic, String reason) {
        return after.entrySet().stream()
                .filter(e -> e.getKey().contains("topic=\"" + topic + "\"") && e.getKey().contains("reason=\"" + reason + "\""))
                .mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)).sum();
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = LocalServers.database("recovery");
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long awaitStable(java.util.concurrent.Callable<Long> reading) throws Exception {
        long last = reading.call();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(1_000);
            long now = reading.call();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
