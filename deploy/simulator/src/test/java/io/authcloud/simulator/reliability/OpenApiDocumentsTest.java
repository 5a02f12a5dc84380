package io.authcloud.simulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.RunningStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API documents pass Redocly CLI's {@code recommended} rules without an error (servers, operation ids,
 * security on every operation): each service's own ({@code /q/openapi}) and the one the gateway serves the
 * app at {@code /v1/openapi.json}, which joins the four without their internal operations.
 */
@ExtendWith(RunningStack.class)
class OpenApiDocumentsTest {

    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();

    @Test
    void everyDocumentPassesRedoclysRecommendedRules() throws Exception {
        Path dir = RunningStack.repository().resolve("deploy/simulator/target/openapi");
        Files.createDirectories(dir);
        Map<String, String> documents = new java.util.TreeMap<>();
        LocalServers.PORTS.keySet().forEach(service -> documents.put(service, LocalServers.url(service) + "/q/openapi?format=json"));
        documents.put("gateway", GATEWAY + "/v1/openapi.json");
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> document : documents.entrySet()) {
            Path file = dir.resolve(document.getKey() + ".json");
            Files.writeString(file, ApiOperations.document(document.getValue()).toString());
            Process lint = new ProcessBuilder(redocly().toString(), "lint", "--extends", "recommended", "--format", "summary",
                    file.toString()).redirectErrorStream(true).start();
            String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (lint.waitFor() != 0) {
                failures.add(document.getKey() + ":\n" + output.lines().filter(line -> line.startsWith("error")).toList());
            }
        }
        assertThat(failures).as("documents with errors by Redocly's recommended rules").isEmpty();
    }

    @Test
    void theGatewayServesEveryOperationOfTheAppOnceAndNoInternalOne() {
        JsonNode document = ApiOperations.document(GATEWAY + "/v1/openapi.json");
        List<String> paths = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/v1/backups/{provider}/{storageAccount}", "/v1/recoveries/{id}/key",
                "/v1/verifications/{id}/otp", "/v1/qr-activations", "/v1/devices", "/v1/push-credentials",
                "/v1/sign-in-requests", "/v1/sign-ins/verify-code", "/v1/me");
        assertThat(paths).noneMatch(path -> path.startsWith("/internal"));
        Set<String> operationIds = new HashSet<>();
        document.path("paths").forEach(item -> item.fields().forEachRemaining(operation -> {
            if (operation.getValue().has("responses")) {
                assertThat(operationIds.add(operation.getValue().path("operationId").asText()))
                        .as("operation id %s is unique", operation.getValue().path("operationId")).isTrue();
                assertThat(operation.getValue().has("security")).as("security stated on %s", operation.getValue().path("operationId")).isTrue();
            }
        }));
        assertThat(operationIds).doesNotContain("").hasSizeGreaterThan(30);
    }

    /** Redocly CLI as deploy/local/infra.sh installs it (ensure_redocly), in the local stack's cache. */
    private static Path redocly() throws IOException {
        String configured = System.getenv("AUTHCLOUD_CACHE");
        Path cache = configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".cache/authcloud");
        try (Stream<Path> installs = Files.list(cache)) {
            return installs.filter(dir -> dir.getFileName().toString().startsWith("redocly-"))
                    .map(dir -> dir.resolve("node_modules/.bin/redocly")).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Redocly CLI is not installed under " + cache + ": run deploy/local/up.sh"));
        }
    }
}
