package io.authcloud.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The running stack's service logs (deploy/local/run/logs/<instance>.log, one per instance of the service): one JSON
 * object a line.
 */
final class ServiceLogs {

    static final List<String> SERVICES = List.of("backup-service", "recovery-service", "verification-service",
            "notification-service");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A line as written, and read as JSON ({@code null} when it is not JSON). */
    record Line(String service, String text, JsonNode json) {

        String traceId() {
            return json == null ? null : json.path("mdc").path("traceId").asText(null);
        }

        String logger() {
            return json == null ? "" : json.path("loggerName").asText("");
        }
    }

    private ServiceLogs() {
    }

    static Path of(String service) {
        return RunningStack.repository().resolve("deploy/local/run/logs/" + service + ".log");
    }

    /** Every line of every instance of the service, instance after instance. */
    static List<Line> lines(String service) {
        List<Line> lines = new ArrayList<>();
        try {
            for (String instance : RunningStack.instances(service)) {
                for (String text : Files.readAllLines(of(instance))) {
                    lines.add(new Line(service, text, parse(text)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
