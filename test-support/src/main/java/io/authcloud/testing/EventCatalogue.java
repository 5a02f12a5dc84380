package io.authcloud.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event catalogue of {@code docs/events.md}, read the way a consumer's author reads it: each event
 * type is a {@code ### `type`} heading followed by a table whose first column lists the body's fields.
 * Tests compare what a service really emits with this contract.
 */
public final class EventCatalogue {

    private static final Pattern HEADING = Pattern.compile("^###\\s+`([^`]+)`\\s*$");
    private static final Pattern FIELD_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

    private final Map<String, Set<String>> fieldsByType;

    private EventCatalogue(Map<String, Set<String>> fieldsByType) {
        this.fieldsByType = fieldsByType;
    }

    /** Reads {@code docs/events.md} of the repository the tests run in. */
    public static EventCatalogue load() {
        Path file = locate();
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EventCatalogue parse(List<String> lines) {
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        String current = null;
        for (String line : lines) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                current = heading.group(1);
                fields.put(current, new LinkedHashSet<>());
                continue;
            }
            if (line.startsWith("#")) {
                current = null;
                continue;
            }
            Matcher row = FIELD_ROW.matcher(line);
            if (current != null && row.find()) {
                fields.get(current).add(row.group(1));
            }
        }
        return new EventCatalogue(fields);
    }

    /** The documented fields of an event type; fails when the type is not documented. */
    public Set<String> fieldsOf(String type) {
        Set<String> fields = fieldsByType.get(type);
        if (fields == null || fields.isEmpty()) {
            throw new AssertionError("docs/events.md does not document the event type " + type);
        }
        return fields;
    }

    public Set<String> types() {
        return fieldsByType.keySet();
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs/events.md");
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("docs/events.md not found above " + Path.of("").toAbsolutePath());
    }
}
