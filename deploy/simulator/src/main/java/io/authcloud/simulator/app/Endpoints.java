package io.authcloud.simulator.app;

/** Where the app talks to: the gateway and Keycloak (and, for the demo, the local mailbox). */
public record Endpoints(String gateway, String realm, String mailbox) {

    /** From system properties or the environment, defaulting to the local stack of deploy/local. */
    public static Endpoints fromEnvironment() {
        return new Endpoints(
                setting("AUTHCLOUD_GATEWAY", "http://127.0.0.1:8080"),
                setting("AUTHCLOUD_REALM", "http://127.0.0.1:8180/realms/authcloud"),
                setting("AUTHCLOUD_MAILBOX", "http://127.0.0.1:8025"));
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }
}
