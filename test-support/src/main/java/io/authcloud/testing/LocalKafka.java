package io.authcloud.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Stops and starts the local Kafka broker of deploy/local, for tests that prove no event is lost while
 * Kafka is down. Only works on a broker that deploy/local started (it has a pid file).
 */
public final class LocalKafka {

    private LocalKafka() {
    }

    public static void stop() {
        Path pidFile = repositoryRoot().resolve("deploy/local/run/pids/kafka.pid");
        if (!Files.exists(pidFile)) {
            throw new IllegalStateException("Kafka was not started by deploy/local (no " + pidFile + ")");
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle broker = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("Kafka pid " + pid + " is not running"));
            broker.destroy();
            broker.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop Kafka", e);
        }
        awaitPort(false, Duration.ofSeconds(30));
    }

    /** Starts the broker again through deploy/local/up.sh, which leaves running components alone. */
    public static void start() {
        Path root = repositoryRoot();
        try {
            Process up = new ProcessBuilder(root.resolve("deploy/local/up.sh").toString(), "--infra-only")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve("deploy/local/run/logs/kafka-restart-by-test.log").toFile())
                    .start();
            if (up.waitFor() != 0) {
                throw new IllegalStateException("deploy/local/up.sh --infra-only failed; see deploy/local/run/logs/kafka-restart-by-test.log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not start Kafka", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        awaitPort(true, Duration.ofSeconds(60));
    }

    private static void awaitPort(boolean open, Duration timeout) {
        String[] hostPort = LocalStack.kafkaBootstrap().split(":");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
                if (open) {
                    return;
                }
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("Kafka port did not " + (open ? "open" : "close") + " within " + timeout);
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("deploy/local/up.sh"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Repository root not found above " + Path.of("").toAbsolutePath());
    }
}
