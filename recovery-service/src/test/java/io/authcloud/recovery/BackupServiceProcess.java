package io.authcloud.recovery;

import io.authcloud.testing.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real backup-service, as packaged by the reactor build, on a free port: recovery-service confirms
 * its catalogue against it over REST. Its outbox relay is off, so what it stores reaches recovery-service
 * only through that REST call, which is what the tests want to prove.
 */
public class BackupServiceProcess implements QuarkusTestResourceLifecycleManager {

    private static final Path JAR = Path.of("../backup-service/target/quarkus-app/quarkus-run.jar");
    private Process process;

    @Override
    public Map<String, String> start() {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("backup-service is not packaged (" + JAR.toAbsolutePath()
                    + "): run the whole build (./mvnw verify) or ./mvnw -pl backup-service -am package -DskipTests first");
        }
        int port = freePort();
        try {
            Path log = Path.of("target/backup-service-for-tests.log");
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx192m", "-jar", JAR.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("BACKUP_PORT", Integer.toString(port));
            builder.environment().put("BACKUP_DB_NAME", "backup_test");
            builder.environment().put("AUTHCLOUD_OUTBOX_RELAY_ENABLED", "false");
            builder.environment().put("AUTHCLOUD_BACKUP_PURGE_INTERVAL", "off");
            builder.environment().putAll(LocalStack.serviceLogins("backup-service"));
            process = builder.start();
            awaitReady(port, log);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start backup-service", e);
        }
        return Map.of("quarkus.rest-client.backup-service.url", "http://127.0.0.1:" + port,
                "authcloud.test.backup-service-url", "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }

    private void awaitReady(int port, Path log) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("backup-service exited at start; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("backup-service was not ready within 90 s; see " + log.toAbsolutePath());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
