package io.authcloud.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the stack under test runs and how the load test reaches it: every value is a {@code -D} system
 * property (the Gatling Maven plugin passes Maven's {@code -D} properties to the simulation), so pointing a
 * simulation at a cluster is one command. Each simulation's javadoc lists the properties it reads; these
 * are read by all of them:
 * <ul>
 *   <li>{@code gateway} (http://127.0.0.1:8080): the API's base URL;</li>
 *   <li>{@code issuer} (http://127.0.0.1:8180/realms/authcloud): the Keycloak realm;</li>
 *   <li>{@code admin.user} / {@code admin.password} (admin / admin, the local Keycloak's bootstrap admin of
 *       deploy/local/infra.sh) and {@code admin.realm} (master): who creates the test people;</li>
 *   <li>{@code people.password} (load-test-password): the password every test person gets;</li>
 *   <li>{@code provisionThreads} (4): sign-ins and set-up calls made in parallel before the run;</li>
 *   <li>{@code stateDir} (~/.cache/authcloud/loadtest/&lt;issuer host_port&gt;): what the test people's
 *       phones remember between runs (push keys) and how much of each per-person limit earlier runs used.</li>
 * </ul>
 * Secrets given here are never printed.
 */
final class Settings {

    static final String GATEWAY = trimSlash(string("gateway", "http://127.0.0.1:8080"));
    static final String ISSUER = trimSlash(string("issuer", "http://127.0.0.1:8180/realms/authcloud"));
    static final String ADMIN_USER = string("admin.user", "admin");
    static final String ADMIN_PASSWORD = string("admin.password", "admin");
    static final String ADMIN_REALM = string("admin.realm", "master");
    static final String PEOPLE_PASSWORD = string("people.password", "load-test-password");
    static final int PROVISION_THREADS = integer("provisionThreads", 4);

    private Settings() {
    }

    /** Keycloak's base URL (the issuer without {@code /realms/<realm>}). */
    static String keycloakBase() {
        return ISSUER.substring(0, ISSUER.indexOf("/realms/"));
    }

    static String realmName() {
        return ISSUER.substring(ISSUER.indexOf("/realms/") + "/realms/".length());
    }

    static Path stateDir() {
        String given = System.getProperty("stateDir");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        URI issuer = URI.create(ISSUER);
        String stack = issuer.getHost() + "_" + (issuer.getPort() < 0 ? "default" : issuer.getPort());
        return Path.of(System.getProperty("user.home"), ".cache", "authcloud", "loadtest", stack);
    }

    static String string(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    static double decimal(String name, double fallback) {
        return Double.parseDouble(string(name, Double.toString(fallback)));
    }

    static Duration seconds(String name, long fallback) {
        return Duration.ofSeconds(Long.parseLong(string(name, Long.toString(fallback))));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
