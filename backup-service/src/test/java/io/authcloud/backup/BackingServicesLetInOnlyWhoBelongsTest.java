package io.authcloud.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authcloud.testing.LocalStack;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Kafka and Redis let in only who belongs (issue 13), proven against the local stack's real servers: no
 * client gets anything without logging in, and backup-service's own logins reach only what is its own.
 * The other services' rights are the same ACL table's (deploy/local/kafka/acls.txt).
 */
@QuarkusTest
class BackingServicesLetInOnlyWhoBelongsTest {

    private static final Duration SHORT = Duration.ofSeconds(5);

    /** The service's own Redis client: logged in as backup-service by application.properties. */
    @Inject
    RedisDataSource redis;

    @Test
    void aKafkaClientThatDoesNotLogInCannotProduce() {
        Properties plain = new Properties();
        plain.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        // PLAINTEXT to the SASL port: the broker drops the connection before any request is read.
        assertThatThrownBy(() -> send(plain, LocalStack.testTopic("backup-events")))
                .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    @Test
    void theControllersPortLetsNoStrangerIn() {
        Properties stranger = new Properties();
        stranger.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "127.0.0.1:"
                + Objects.requireNonNullElse(System.getenv("KAFKA_CONTROLLER_PORT"), "9093"));
        stranger.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
        stranger.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(stranger)) {
            // Neither the ACLs nor the cluster are anyone's business without the controller's login.
            assertThatThrownBy(() -> admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void aKafkaClientWithAWrongPasswordIsRefused() {
        Properties wrong = LocalStack.kafkaClient("backup-service");
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"backup-service\" password=\"" + UUID.randomUUID() + "\";");
        assertThatThrownBy(() -> send(wrong, LocalStack.testTopic("backup-events")))
                .isInstanceOf(SaslAuthenticationException.class);
        assertThatThrownBy(() -> partitionsOf(wrong, LocalStack.testTopic("backup-events")))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void backupServiceWritesItsOwnTopic() throws Exception {
        send(LocalStack.kafkaClient("backup-service"), LocalStack.testTopic("backup-events"));
    }

    @Test
    void backupServiceCannotWriteAnotherServicesTopic() {
        for (String topic : List.of("verification-events", LocalStack.testTopic("verification-events"), "credential-events")) {
            assertThatThrownBy(() -> send(LocalStack.kafkaClient("backup-service"), topic))
                    .as(topic)
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void backupServiceCannotReadNotificationRequests() {
        Properties properties = LocalStack.kafkaClient("backup-service");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition("notification-requests", 0)));
            assertThatThrownBy(() -> consumer.poll(SHORT)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void redisRefusesAClientThatDoesNotLogIn() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalStack.redisHost(), LocalStack.redisPort()), 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("GET backup:writes:probe\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(answer).startsWith("-NOAUTH");
        }
    }

    @Test
    void backupServicesRedisUserReachesOnlyBackupKeys() {
        String own = "backup:access-probe:" + UUID.randomUUID();
        redis.value(String.class).setex(own, 10, "1");
        assertThat(redis.value(String.class).get(own)).isEqualTo("1");
        assertThatThrownBy(() -> redis.value(String.class).get("verification:" + UUID.randomUUID() + ":code"))
                .hasMessageContaining("NOPERM");
        assertThatThrownBy(() -> redis.value(String.class).set("signin:access-probe", "1"))
                .hasMessageContaining("NOPERM");
    }

    @Test
    void backupServicesRedisUserRunsNoDangerousCommand() {
        assertThatThrownBy(() -> redis.execute("KEYS", "backup:access-probe:*")).hasMessageContaining("NOPERM");
    }

    /** Sends one record and waits for the broker's answer; a refusal is thrown as Kafka's own exception. */
    private static void send(Properties login, String topic) throws Exception {
        Properties properties = new Properties();
        properties.putAll(login);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SHORT.toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SHORT.toMillis());
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "access-probe", "{}")).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void partitionsOf(Properties login, String topic) {
        try (var consumer = new KafkaConsumer<>(login, new StringDeserializer(), new StringDeserializer())) {
            consumer.partitionsFor(topic, SHORT);
        }
    }
}
