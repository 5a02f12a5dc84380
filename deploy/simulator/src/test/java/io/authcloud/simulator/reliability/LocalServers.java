package io.authcloud.simulator.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local stack's services and their databases are (deploy/local's ports, each movable by the variable
 * lib.sh reads), for the suites that look behind the gateway: a service's own {@code /q} endpoints, or the rows
 * of its database read as its own role (local-only password = role name).
 */
final class LocalServers {

    /** The four services and their HTTP ports. */
    static final Map<String, String> PORTS = ports();

    private LocalServers() {
    }

    /**
     * For a service's own endpoints: HTTP/1.1 (the JDK client's default first offers an h2c upgrade; one such request
     * to /q/openapi once never got an answer and held a CI run), 5 s to connect.
     */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A GET of one of a service's own endpoints, answered within 30 s or failed. */
    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** A service's (first) instance, or a named instance ({@code backup-service-2}: the port + 10·(k-1), as lib.sh). */
    static String url(String instance) {
        java.util.regex.Matcher numbered = java.util.regex.Pattern.compile("(.*)-(\\d+)").matcher(instance);
        if (numbered.matches()) {
            int port = Integer.parseInt(PORTS.get(numbered.group(1))) + 10 * (Integer.parseInt(numbered.group(2)) - 1);
            return "http://127.0.0.1:" + port;
        }
        return "http://127.0.0.1:" + PORTS.get(instance);
    }

    /** Every instance of a service the stack runs (up.sh --replicas), first the service's own name. */
    static java.util.List<String> instances(String service) {
        return io.authcloud.simulator.RunningStack.instances(service);
    }

    /** A connection to one service's database ({@code backup}, {@code recovery}, ...) as that service's role. */
    static Connection database(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + setting("PGHOST", "127.0.0.1") + ":"
                + setting("PGPORT", "5432") + "/" + name, name, name);
    }

    static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Map<String, String> ports() {
        Map<String, String> ports = new LinkedHashMap<>();
        ports.put("backup-service", setting("BACKUP_PORT", "8081"));
        ports.put("recovery-service", setting("RECOVERY_PORT", "8082"));
        ports.put("verification-service", setting("VERIFICATION_PORT", "8083"));
        ports.put("notification-service", setting("NOTIFICATION_PORT", "8084"));
        return ports;
    }
}
