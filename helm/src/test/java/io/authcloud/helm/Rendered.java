package io.authcloud.helm;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.Yaml;

/** The chart rendered as release {@code prod}, and ways to read its documents. */
final class Rendered {

    static final Path CHART = Path.of("authcloud");
    static final List<String> SERVICES = List.of("backup", "recovery", "verification", "notification");

    private Rendered() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    static List<Map<String, Object>> render(Map<String, String> values) {
        return render(CHART, values);
    }

    /**
     * Renders hooks too: helm-java's template leaves them out (as {@code helm install} keeps them apart),
     * so a copy of the chart carries the test hook under {@link #TEST_HOOK} instead and renders them as documents.
     */
    static List<Map<String, Object>> renderWithTestHooks(Map<String, String> values) {
        try {
            Path copy = copyOfChart(Files.createTempDirectory("chart"), text -> text.replace("helm.sh/hook: test", TEST_HOOK + ": test"));
            return render(copy, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the chart under {@code directory}, each file's text changed by {@code edit}. */
    static Path copyOfChart(Path directory, UnaryOperator<String> edit) throws IOException {
        Path copy = directory.resolve("authcloud");
        try (var files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, edit.apply(Files.readString(file)));
                }
            }
        }
        return copy;
    }

    /** Where {@link #renderWithTestHooks} moves the {@code helm.sh/hook} annotation of the test pods. */
    static final String TEST_HOOK = "rendered-by-test/hook";

    private static List<Map<String, Object>> render(Path chart, Map<String, String> values) {
        var template = new Helm(chart).template().withName("prod");
        values.forEach(template::set);
        String manifests = template.call();
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(manifests)) {
            if (document instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> manifest = (Map<String, Object>) map;
                documents.add(manifest);
            }
        }
        return documents;
    }

    static Map<String, Map<String, Object>> byName(List<Map<String, Object>> manifests, String kind) {
        Map<String, Map<String, Object>> named = new LinkedHashMap<>();
        for (Map<String, Object> manifest : manifests) {
            if (kind.equals(manifest.get("kind"))) {
                named.put((String) path(manifest, "metadata.name"), manifest);
            }
        }
        return named;
    }

    static Map<String, Object> container(Map<String, Object> deployment) {
        return list(path(deployment, "spec.template.spec.containers"), -1, null).get(0);
    }

    static List<Map<String, Object>> envList(Map<String, Object> container) {
        return list(container.get("env"), -1, null);
    }

    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> variable : envList(container)) {
            env.put((String) variable.get("name"), variable.get("value") == null ? null : String.valueOf(variable.get("value")));
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    static Object path(Object node, String dotted) {
        Object current = node;
        for (String part : dotted.split("\\.")) {
            current = current == null ? null : ((Map<String, Object>) current).get(part);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node, int index, String then) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) node;
        if (index < 0) {
            return items;
        }
        return (List<Map<String, Object>>) path(items.get(index), then);
    }

    /** The ports a NetworkPolicy lets its pods reach. */
    static List<Integer> egressPorts(Map<String, Object> policy) {
        List<Integer> ports = new ArrayList<>();
        for (Map<String, Object> rule : list(path(policy, "spec.egress"), -1, null)) {
            for (Map<String, Object> port : list(rule.get("ports"), -1, null)) {
                ports.add((Integer) port.get("port"));
            }
        }
        return ports;
    }
}
