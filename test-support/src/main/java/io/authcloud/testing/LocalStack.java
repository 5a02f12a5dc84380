package io.authcloud.testing;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/** Where the local stack of deploy/local runs; each address can be moved with an environment variable. */
public final class LocalStack {

    private LocalStack() {
    }

    public static String keycloakUrl() {
        return setting("KEYCLOAK_URL", "http://127.0.0.1:" + setting("KEYCLOAK_PORT", "8180"));
    }

    public static String realmUrl() {
        return keycloakUrl() + "/realms/authcloud";
    }

    public static String kafkaBootstrap() {
        return setting("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + setting("KAFKA_PORT", "9092"));
    }

    /** The Kafka principal of test-support's clients: every right on the test topics, reading on the rest. */
    public static final String KAFKA_TEST_PRINCIPAL = "authcloud-test";

    /**
     * What a Kafka client needs to log in to the local broker as {@code principal} (SASL SCRAM-SHA-512),
     * with the local-only password deploy/local gives it ({@code local-kafka-<principal>}, see lib.sh).
     */
    public static Properties kafkaClient(String principal) {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        properties.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + principal + "\" password=\"local-kafka-" + principal + "\";");
        return properties;
    }

    /**
     * The environment a service's packaged jar (prod profile) needs to log in to the local Kafka and Redis as
     * itself, with the local-only passwords of deploy/local, as up.sh starts it.
     */
    public static Map<String, String> serviceLogins(String service) {
        return Map.of("KAFKA_SASL_USERNAME", service, "KAFKA_SASL_PASSWORD", "local-kafka-" + service,
                "REDIS_USERNAME", service, "REDIS_PASSWORD", "local-redis-" + service);
    }

    public static String redisHost() {
        return setting("REDIS_HOST", "127.0.0.1");
    }

    public static int redisPort() {
        return Integer.parseInt(setting("REDIS_PORT", "6379"));
    }

    /**
     * The test copy of a topic: the services' test profiles publish to and consume {@code test.<topic>},
     * so what tests publish never reaches a running stack.
     */
    public static String testTopic(String topic) {
        return "test." + topic;
    }

    public static String greenMailApiUrl() {
        return setting("GREENMAIL_API_URL", "http://127.0.0.1:" + setting("GREENMAIL_API_PORT", "8025"));
    }

    static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }
}
