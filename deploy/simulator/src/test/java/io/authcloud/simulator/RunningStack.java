package io.authcloud.simulator;

import io.authcloud.simulator.app.Endpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Brings the whole local stack up once for the system tests: {@code deploy/local/up.sh --replicas 2}, two instances
 * of every service behind the gateway (as the chart runs them), with the service jars the reactor build has just
 * packaged (instances already running an older jar restart).
 */
public class RunningStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static boolean started;

    public static final Endpoints ENDPOINTS = Endpoints.fromEnvironment();

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (started) {
            return;
        }
        ResponseScan.install();
        Path root = repository();
        Path log = root.resolve("deploy/simulator/target/up-for-system-tests.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder up = new ProcessBuilder(root.resolve("deploy/local/up.sh").toString(), "--replicas", "2")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        up.environment().put("AUTHCLOUD_SKIP_BUILD", "1");
        int exit = up.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("deploy/local/up.sh failed (" + exit + "):\n" + tail(log));
        }
        started = true;
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(RunningStack.class.getName(), this);
    }

    @Override
    public void close() {
        // The stack keeps running after the tests, as deploy/local/up.sh leaves it.
    }

    public static Path repository() {
        String configured = System.getProperty("authcloud.repository");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/up.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("The repository root (with deploy/local/up.sh) was not found");
        }
        return dir;
    }

    /**
     * The instances of a service the stack runs (deploy/local/up.sh --replicas N, kept in run/replicas): the
     * service's own name first, then {@code <service>-2}, ... (lib.sh's naming).
     */
    public static List<String> instances(String service) {
        List<String> instances = new java.util.ArrayList<>(List.of(service));
        for (int k = 2; k <= replicas(); k++) {
            instances.add(service + "-" + k);
        }
        return instances;
    }

    /** How many instances of each service the stack runs. */
    public static int replicas() {
        Path file = repository().resolve("deploy/local/run/replicas");
        try {
            return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 1;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
