package io.authcloud.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes CloudEvents (binary mode) as another service's outbox relay would, so a service's consumers
 * are tested against real Kafka records. Records go to the test copy of each topic
 * ({@link LocalStack#testTopic}), which the services' test profiles consume. Tests share one per test JVM
 * ({@link #shared()}), closed when the JVM exits.
 */
public final class KafkaPublisher implements AutoCloseable {

    private static KafkaPublisher shared;

    /** The publisher of this test JVM, made on first use. */
    public static synchronized KafkaPublisher shared() {
        if (shared == null) {
            shared = new KafkaPublisher();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    private final KafkaProducer<String, String> producer;

    public KafkaPublisher() {
        Properties properties = LocalStack.kafkaClient(LocalStack.KAFKA_TEST_PRINCIPAL);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** Publishes an event with a new id and answers the id. */
    public String publish(String topic, String key, String type, String source, String subject, String json) {
        return publish(topic, UUID.randomUUID().toString(), key, type, source, subject, json);
    }

    /** Publishes an event with a given id (to test redeliveries). */
    public String publish(String topic, String id, String key, String type, String source, String subject, String json) {
        return publish(topic, id, key, type, source, subject, json, Instant.now());
    }

    /** Publishes an event written at {@code time} ({@code ce_time}): one that was in flight, or a consumer read late. */
    public String publish(String topic, String id, String key, String type, String source, String subject, String json,
            Instant time) {
        ProducerRecord<String, String> record = new ProducerRecord<>(LocalStack.testTopic(topic), key, json);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id);
        header(record, "ce_type", type);
        header(record, "ce_source", source);
        header(record, "ce_subject", subject);
        header(record, "ce_time", time.toString());
        header(record, "content-type", "application/json");
        send(record);
        return id;
    }

    /** Publishes a record that is not a CloudEvent at all. */
    public void publishRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(LocalStack.testTopic(topic), key, value));
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the record", e);
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
