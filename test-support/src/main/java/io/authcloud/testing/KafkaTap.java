package io.authcloud.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what is published to a topic from the moment the tap opens, so a test sees only the records its
 * own actions caused. Not a consumer group member: it assigns every partition itself.
 */
public final class KafkaTap implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<Record> seen = new ArrayList<>();

    private KafkaTap(String topic, boolean fromStart) {
        Properties properties = LocalStack.kafkaClient(LocalStack.KAFKA_TEST_PRINCIPAL);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-tap-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromStart) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        partitions.forEach(consumer::position);
    }

    /** Starts reading the test copy of {@code topic} (see {@link LocalStack#testTopic}) from its current end. */
    public static KafkaTap open(String topic) {
        return new KafkaTap(LocalStack.testTopic(topic), false);
    }

    /**
     * Starts reading the running stack's own {@code topic} (not its test copy) from its current end: for suites
     * that drive the running stack, such as the reliability suite. The test principal may read every topic.
     */
    public static KafkaTap live(String topic) {
        return new KafkaTap(topic, false);
    }

    /** Reads the running stack's own {@code topic} from its first record still kept: for scans of everything sent. */
    public static KafkaTap history(String topic) {
        return new KafkaTap(topic, true);
    }

    /** Waits until a record matching {@code match} arrives, or fails after {@code timeout}. */
    public Record await(Predicate<Record> match, Duration timeout) {
        return awaitCount(match, 1, timeout).get(0);
    }

    /** Waits until {@code count} matching records arrived; fails after {@code timeout}. */
    public List<Record> awaitCount(Predicate<Record> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Record> matching = seen.stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + count + " matching records, saw " + matching.size()
                        + " (of " + seen.size() + " records) within " + timeout);
            }
            poll(Duration.ofMillis(200));
        }
    }

    /** Everything that arrived within {@code window}, for asserting that nothing more came. */
    public List<Record> drain(Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return List.copyOf(seen);
    }

    private void poll(Duration wait) {
        for (ConsumerRecord<String, String> record : consumer.poll(wait)) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
            seen.add(new Record(record.topic(), record.partition(), record.key(), record.value(), headers));
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }

    /** A record as a test sees it: key, JSON value and string headers (the CloudEvents {@code ce_*}). */
    public record Record(String topic, int partition, String key, String value, Map<String, String> headers) {

        public String header(String name) {
            return headers.get(name);
        }

        public String ceType() {
            return headers.get("ce_type");
        }

        public String ceId() {
            return headers.get("ce_id");
        }
    }
}
