import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures how long an outbox event takes to reach Kafka, during a load run of deploy/loadtest/bench.sh.
 *
 * <p>Reads a topic (backup-events) from its end, on every partition, without a consumer group (assign,
 * never commit: it changes nothing for the services' consumers), and writes one line per record to the
 * output file: {@code <ce_time ms> <received ms> <record timestamp ms>}, all epoch milliseconds of this
 * machine's clock (the services run on the same machine, so the clocks are one):
 * <ul>
 *   <li>ce_time: the CloudEvent's time header (binary mode), which the outbox relay copies from
 *       {@code outbox_event.occurred_at}: the instant {@code Outbox.append} ran inside the writing
 *       transaction, a few milliseconds before that transaction commits;</li>
 *   <li>received: when this consumer's poll returned the record (it long-polls: a fetch answers as soon
 *       as a record is there);</li>
 *   <li>record timestamp: the producer's CreateTime, i.e. when the relay handed the record to its Kafka
 *       producer.</li>
 * </ul>
 * So received - ce_time is "the write's transaction to a consumer holding the event": it includes the
 * commit itself (so it slightly overstates commit-to-Kafka), the relay's wait for a notification or its
 * poll, the send with acks=all and one fetch. bench.sh computes the percentiles.
 *
 * <p>Usage: {@code OutboxLag <client properties file> <topic> <output file>}. Prints {@code ready} on stdout
 * once it sits at the end of every partition; stops on SIGTERM (or SIGINT), flushing the file.
 */
public class OutboxLag {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: OutboxLag <client properties file> <topic> <output file>");
            System.exit(2);
        }
        Properties props = new Properties();
        try (var reader = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(reader);
        }
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "authcloud-bench-outbox-lag");
        // Answer a fetch as soon as one record is there, and do not sit on an empty one for long.
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        String topic = args[1];
        Path output = Path.of(args[2]);

        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        CountDownLatch done = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.wakeup();
            try {
                done.await();
                main.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));

        long records = 0;
        long withoutTime = 0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.US_ASCII))) {
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                // position() resolves the lazy seek now, so "ready" means: every later record is seen.
                partitions.forEach(consumer::position);
                System.out.println("ready " + partitions.size() + " partitions");
                System.out.flush();
                while (true) {
                    var batch = consumer.poll(Duration.ofSeconds(1));
                    long received = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> record : batch) {
                        Header time = record.headers().lastHeader("ce_time");
                        if (time == null) {
                            withoutTime++;
                            continue;
                        }
                        long occurred;
                        try {
                            occurred = DateTimeFormatter.ISO_DATE_TIME.parse(
                                    new String(time.value(), StandardCharsets.UTF_8), Instant::from).toEpochMilli();
                        } catch (DateTimeParseException e) {
                            withoutTime++;
                            continue;
                        }
                        out.println(occurred + " " + received + " " + record.timestamp());
                        records++;
                    }
                }
            } catch (WakeupException stop) {
                // SIGTERM: the shutdown hook woke the poll up.
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        } finally {
            System.err.println("OutboxLag: " + records + " records" + (withoutTime > 0
                    ? ", " + withoutTime + " without a readable ce_time header (not counted)" : ""));
            done.countDown();
        }
    }
}
