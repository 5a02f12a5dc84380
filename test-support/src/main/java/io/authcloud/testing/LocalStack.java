package io.authcloud.testing;

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
