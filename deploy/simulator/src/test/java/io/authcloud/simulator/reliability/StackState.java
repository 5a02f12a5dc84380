package io.authcloud.simulator.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the running stack holds, in a form two moments can be compared by: the number of rows of every table of
 * the four services' databases, and the names of Redis's keys. Read as the services' own database roles and as
 * the local Redis admin (deploy/local's local-only passwords).
 */
public record StackState(Map<String, Long> rows, Set<String> redisKeys) {

    static final List<String> DATABASES = List.of("backup", "recovery", "verification", "notification");
    /**
     * The windows of rate limits, which count attempts, refused ones too (that is their job: a limit that only
     * counted well-formed requests would let garbage through for free). They are not state a refusal changed.
     */
    static final List<String> RATE_LIMIT_WINDOWS = List.of("signin:relying-party:", "backup:writes:");

    static StackState now() {
        Map<String, Long> rows = new TreeMap<>();
        for (String database : DATABASES) {
            rows.putAll(rowsOf(database));
        }
        return new StackState(rows, readRedisKeys());
    }

    /**
     * The state once it has stopped moving (two readings a second apart agree): what earlier requests set off
     * (events still being relayed and consumed) is not blamed on what comes next.
     */
    static StackState settled(java.time.Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        StackState last = now();
        while (System.nanoTime() < deadline) {
            sleep();
            StackState next = now();
            if (next.equals(last)) {
                return next;
            }
            last = next;
        }
        return last;
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where {@code text} (a person's {@code sub}) is still held: {@code <database>.<table>: <n> rows} for every table of
     * the four databases with a row whose text form contains it (any column, bytea as hex), and every Redis key naming
     * it. Empty when nothing holds it.
     */
    public static List<String> holding(String text) {
        List<String> found = new ArrayList<>();
        for (String database : DATABASES) {
            try (Connection connection = LocalServers.database(database);
                    Statement statement = connection.createStatement()) {
                for (String table : tables(statement)) {
                    try (var query = connection.prepareStatement("SELECT count(*) FROM \"" + table + "\" t WHERE t::text LIKE ?")) {
                        query.setString(1, "%" + text + "%");
                        try (ResultSet count = query.executeQuery()) {
                            count.next();
                            if (count.getLong(1) > 0) {
                                found.add(database + "." + table + ": " + count.getLong(1) + " rows");
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not search " + database + ": " + e.getMessage(), e);
            }
        }
        readRedisKeys().stream().filter(key -> key.contains(text)).map(key -> "redis key " + shape(key).replace(text, "<sub>"))
                .forEach(found::add);
        return found;
    }

    private static List<String> tables(Statement statement) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet names = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                + " AND tablename <> 'flyway_schema_history' ORDER BY tablename")) {
            while (names.next()) {
                tables.add(names.getString(1));
            }
        }
        return tables;
    }

    /** What changed from {@code before} to this: tables whose row count moved, and Redis keys that appeared. */
    List<String> changesSince(StackState before) {
        List<String> changes = new ArrayList<>();
        rows.forEach((table, count) -> {
            long was = before.rows.getOrDefault(table, 0L);
            if (count != was) {
                changes.add(table + ": " + was + " -> " + count + " rows");
            }
        });
        redisKeys.stream().filter(key -> !before.redisKeys.contains(key))
                .filter(key -> RATE_LIMIT_WINDOWS.stream().noneMatch(key::startsWith)).map(key -> "redis key " + shape(key) + " appeared")
                .forEach(changes::add);
        return changes;
    }

    private static Map<String, Long> rowsOf(String database) {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection connection = LocalServers.database(database);
                Statement statement = connection.createStatement()) {
            for (String table : tables(statement)) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    count.next();
                    rows.put(database + "." + table, count.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the rows of " + database + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static Set<String> readRedisKeys() {
        String user = "authcloud-admin";
        try (Socket socket = new Socket(LocalServers.setting("REDIS_HOST", "127.0.0.1"), Integer.parseInt(LocalServers.setting("REDIS_PORT", "6379")))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(command("AUTH", user, "local-redis-" + user));
            out.write(command("KEYS", "*"));
            out.flush();
            String auth = line(in);
            if (!auth.equals("+OK")) {
                throw new IllegalStateException("Redis refused the admin login: " + auth);
            }
            int count = Integer.parseInt(line(in).substring(1));
            Set<String> keys = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                int length = Integer.parseInt(line(in).substring(1));
                keys.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                in.readNBytes(2);
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key's shape without the ids in it, so a report names what kind of key it is and nothing personal. */
    private static String shape(String key) {
        return key.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
    }

    private static byte[] command(String... parts) {
        StringBuilder resp = new StringBuilder("*" + parts.length + "\r\n");
        for (String part : parts) {
            resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }
}
