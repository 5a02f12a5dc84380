package io.authcloud.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** helm/authcloud lints cleanly and renders what SREs and the services expect. */
class ChartTest {

    private static final Path CHART = Path.of("authcloud");
    private static final List<String> SERVICES = List.of("backup", "recovery", "verification", "notification");

    @Test
    void lintsWithoutWarnings() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void eachServiceRunsAsAVersionedNonRootPodWithItsHealthProbes() {
        Map<String, Map<String, Object>> deployments = byName(render(Map.of()), "Deployment");
        assertThat(deployments.keySet()).containsExactlyInAnyOrder("prod-backup", "prod-recovery", "prod-verification", "prod-notification");
        for (String service : SERVICES) {
            Map<String, Object> container = container(deployments.get("prod-" + service));
            assertThat((String) container.get("image")).isEqualTo("ghcr.io/authcloud/" + service + "-service:0.1.0");
            assertThat(path(container, "livenessProbe.httpGet.path")).isEqualTo("/q/health/live");
            assertThat(path(container, "readinessProbe.httpGet.path")).isEqualTo("/q/health/ready");
            assertThat(path(container, "startupProbe.httpGet.path")).isEqualTo("/q/health/started");
            assertThat(path(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(path(deployments.get("prod-" + service), "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
            assertThat(env(container)).containsEntry("AUTHCLOUD_BIND_HOST", "0.0.0.0")
                    .containsEntry(service.toUpperCase() + "_PORT", "8080");
        }
    }

    @Test
    void theIngressRoutesTheApiPrefixesOfTheDesign() {
        Map<String, Object> ingress = byName(render(Map.of()), "Ingress").get("prod-api");
        Map<String, String> routes = new LinkedHashMap<>();
        for (Map<String, Object> path : list(path(ingress, "spec.rules"), 0, "http.paths")) {
            routes.put((String) path.get("path"), (String) path(path, "backend.service.name"));
        }
        assertThat(routes).isEqualTo(Map.of(
                "/v1/backups", "prod-backup",
                "/v1/recoveries", "prod-recovery", "/v1/recovery-keys", "prod-recovery", "/v1/me", "prod-recovery",
                "/v1/verifications", "prod-verification", "/v1/qr-activations", "prod-verification",
                "/v1/devices", "prod-notification", "/v1/push-credentials", "prod-notification",
                "/v1/sign-in-requests", "prod-notification", "/v1/sign-ins", "prod-notification"));
    }

    @Test
    void noSecretValueIsRenderedEveryCredentialComesFromTheExistingSecret() {
        List<Map<String, Object>> manifests = render(Map.of());
        assertThat(manifests).extracting(m -> m.get("kind")).doesNotContain("Secret", "ConfigMap");
        Pattern sensitive = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|KEK|SID).*");
        for (Map<String, Object> deployment : byName(manifests, "Deployment").values()) {
            for (Map<String, Object> variable : envList(container(deployment))) {
                String name = (String) variable.get("name");
                if (sensitive.matcher(name).matches() && !name.endsWith("_FILE") && !name.endsWith("_CURRENT")) {
                    assertThat(variable).as(name).doesNotContainKey("value");
                    assertThat(path(variable, "valueFrom.secretKeyRef.name")).as(name).isEqualTo("authcloud");
                }
            }
        }
    }

    @Test
    void recoveryFindsBackupServiceAndGetsEveryKeyEncryptionKey() {
        Map<String, Object> recovery = byName(render(Map.of(
                "recovery.kek.current", "k2",
                "recovery.kek.keys[0].id", "k1", "recovery.kek.keys[0].secretKey", "kek-one",
                "recovery.kek.keys[1].id", "k2", "recovery.kek.keys[1].secretKey", "kek-two")), "Deployment").get("prod-recovery");
        Map<String, String> env = env(container(recovery));
        assertThat(env).containsEntry("BACKUP_SERVICE_URL", "http://prod-backup").containsEntry("RECOVERY_KEK_CURRENT", "k2");
        List<String> keyRefs = new ArrayList<>();
        for (Map<String, Object> variable : envList(container(recovery))) {
            if (((String) variable.get("name")).startsWith("AUTHCLOUD_RECOVERY_KEK_KEYS_")) {
                keyRefs.add(variable.get("name") + "=" + path(variable, "valueFrom.secretKeyRef.key"));
            }
        }
        assertThat(keyRefs).containsExactly("AUTHCLOUD_RECOVERY_KEK_KEYS_K1=kek-one", "AUTHCLOUD_RECOVERY_KEK_KEYS_K2=kek-two");
    }

    @Test
    void everyEnvironmentVariableIsOneTheServiceReads() throws IOException {
        Pattern read = Pattern.compile("\\$\\{([A-Z0-9_]+)");
        for (Map.Entry<String, Map<String, Object>> deployment : byName(render(Map.of()), "Deployment").entrySet()) {
            String service = deployment.getKey().substring("prod-".length());
            String properties = Files.readString(Path.of("../" + service + "-service/src/main/resources/application.properties"));
            List<String> known = new ArrayList<>();
            Matcher matcher = read.matcher(properties);
            while (matcher.find()) {
                known.add(matcher.group(1));
            }
            for (String name : env(container(deployment.getValue())).keySet()) {
                if (name.startsWith("AUTHCLOUD_") && !name.equals("AUTHCLOUD_BIND_HOST") && !name.equals("AUTHCLOUD_PUBLIC_URL")
                        && !name.equals("AUTHCLOUD_SERVICES_CLIENT_SECRET") || name.startsWith("QUARKUS_") || name.equals("JAVA_OPTS_APPEND")) {
                    continue; // mapped by name onto authcloud.* / quarkus.* properties, or read by the image's launcher
                }
                assertThat(known).as("%s reads %s", service, name).contains(name);
            }
        }
    }

    private static List<Map<String, Object>> render(Map<String, String> values) {
        var template = new Helm(CHART).template().withName("prod");
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

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> manifests, String kind) {
        Map<String, Map<String, Object>> named = new LinkedHashMap<>();
        for (Map<String, Object> manifest : manifests) {
            if (kind.equals(manifest.get("kind"))) {
                named.put((String) path(manifest, "metadata.name"), manifest);
            }
        }
        return named;
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        return list(path(deployment, "spec.template.spec.containers"), -1, null).get(0);
    }

    private static List<Map<String, Object>> envList(Map<String, Object> container) {
        return list(container.get("env"), -1, null);
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> variable : envList(container)) {
            env.put((String) variable.get("name"), variable.get("value") == null ? null : String.valueOf(variable.get("value")));
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Object node, String dotted) {
        Object current = node;
        for (String part : dotted.split("\\.")) {
            current = current == null ? null : ((Map<String, Object>) current).get(part);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object node, int index, String then) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) node;
        if (index < 0) {
            return items;
        }
        return (List<Map<String, Object>>) path(items.get(index), then);
    }
}
