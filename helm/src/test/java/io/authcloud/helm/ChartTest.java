package io.authcloud.helm;

import static io.authcloud.helm.Rendered.CHART;
import static io.authcloud.helm.Rendered.SERVICES;
import static io.authcloud.helm.Rendered.byName;
import static io.authcloud.helm.Rendered.container;
import static io.authcloud.helm.Rendered.env;
import static io.authcloud.helm.Rendered.envList;
import static io.authcloud.helm.Rendered.list;
import static io.authcloud.helm.Rendered.map;
import static io.authcloud.helm.Rendered.path;
import static io.authcloud.helm.Rendered.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm/authcloud lints cleanly and renders what SREs and the services expect. */
@Tag("unit")
class ChartTest {

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
        // Prefix paths: the longest match wins, so /v1/me/activity goes to notification-service, the rest of /v1/me not.
        assertThat(routes).isEqualTo(Map.ofEntries(
                Map.entry("/v1/backups", "prod-backup"),
                Map.entry("/v1/recoveries", "prod-recovery"), Map.entry("/v1/recovery-keys", "prod-recovery"),
                Map.entry("/v1/me", "prod-recovery"), Map.entry("/v1/me/activity", "prod-notification"),
                Map.entry("/v1/verifications", "prod-verification"), Map.entry("/v1/qr-activations", "prod-verification"),
                Map.entry("/v1/devices", "prod-notification"), Map.entry("/v1/push-credentials", "prod-notification"),
                Map.entry("/v1/sign-in-requests", "prod-notification"), Map.entry("/v1/sign-ins", "prod-notification"),
                Map.entry("/account", "prod-notification")));
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
                    // Kafka's password is in the Secret Strimzi's User Operator made for the service's KafkaUser.
                    Object secret = name.equals("KAFKA_SASL_PASSWORD") ? map(path(deployment, "metadata.labels")).get("app.kubernetes.io/component") : "authcloud";
                    assertThat(path(variable, "valueFrom.secretKeyRef.name")).as(name).isEqualTo(secret);
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
    void everyServiceServesTokensOfTheListedClientsOnly() {
        for (Map<String, Object> deployment : byName(render(Map.of()), "Deployment").values()) {
            assertThat(env(container(deployment))).containsEntry("AUTHCLOUD_SECURITY_SERVED_CLIENTS",
                    "authenticator-app,authcloud-services,sign-in-portal,account-web");
        }
        Map<String, Object> withAPortal = byName(render(Map.of("oidc.servedClients[0]", "authenticator-app",
                "oidc.servedClients[1]", "authcloud-services", "oidc.servedClients[2]", "partner-portal")), "Deployment")
                .get("prod-backup");
        assertThat(env(container(withAPortal))).containsEntry("AUTHCLOUD_SECURITY_SERVED_CLIENTS",
                "authenticator-app,authcloud-services,partner-portal");
    }

    @Test
    void everyEnvironmentVariableIsOneTheServiceReads() throws IOException {
        Pattern read = Pattern.compile("\\$\\{([A-Z0-9_]+)");
        for (Map.Entry<String, Map<String, Object>> deployment : byName(render(Map.of()), "Deployment").entrySet()) {
            String service = deployment.getKey().substring("prod-".length());
            String properties = Files.readString(Path.of("../" + service + "-service/src/main/resources/application.properties"))
                    + Files.readString(Path.of("../platform/src/main/resources/META-INF/microprofile-config.properties"));
            List<String> known = new ArrayList<>();
            Matcher matcher = read.matcher(properties);
            while (matcher.find()) {
                known.add(matcher.group(1));
            }
            for (String name : env(container(deployment.getValue())).keySet()) {
                if (name.startsWith("AUTHCLOUD_") && !name.equals("AUTHCLOUD_BIND_HOST") && !name.equals("AUTHCLOUD_PUBLIC_URL")
                        && !name.equals("AUTHCLOUD_SERVICES_CLIENT_SECRET") || name.startsWith("QUARKUS_") || name.equals("JDK_JAVA_OPTIONS")
                        || name.startsWith("KAFKA_SSL_")) {
                    // mapped by name onto authcloud.* / quarkus.* properties, or onto the Kafka clients' kafka.ssl.*
                    // (Quarkus turns KAFKA_* variables into kafka.* client settings), or read by the image's launcher
                    continue;
                }
                assertThat(known).as("%s reads %s", service, name).contains(name);
            }
        }
    }

    @Test
    void lintsWithoutWarningsWithTheRealmImportEnabled(@TempDir Path copy) throws IOException {
        Path chart = Rendered.copyOfChart(copy, text -> text);
        Path values = chart.resolve("values.yaml");
        String disabled = "realmImport:\n    enabled: false";
        assertThat(Files.readString(values)).contains(disabled);
        Files.writeString(values, Files.readString(values).replace(disabled, "realmImport:\n    enabled: true"));
        LintResult lint = new Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void theKeycloakOperatorGetsTheProductionRealmFileWhenTheImportIsEnabled() throws IOException {
        Map<String, Object> realmImport = realmImport(Map.of("keycloak.realmImport.enabled", "true"));
        assertThat(realmImport).containsEntry("apiVersion", "k8s.keycloak.org/v2alpha1");
        assertThat(path(realmImport, "metadata.namespace")).isNull();
        assertThat(path(realmImport, "spec.keycloakCRName")).isEqualTo("keycloak");
        assertThat(path(realmImport, "spec.realm.realm")).isEqualTo("authcloud");
        // The file as it is, but for the account security page's client, which may send browsers back only to publicUrl.
        Map<String, Object> expected = RealmFilesTest.read(RealmFilesTest.PRODUCTION);
        for (Map<String, Object> client : RealmFilesTest.list(expected.get("clients"))) {
            if (client.get("clientId").equals("account-web")) {
                client.put("redirectUris", List.of("https://api.authcloud.example/account/*"));
                RealmFilesTest.map(client.get("attributes")).put("post.logout.redirect.uris", "https://api.authcloud.example/account/*");
            }
        }
        assertThat(path(realmImport, "spec.realm")).isEqualTo(expected);
    }

    @Test
    void everyPlaceholderOfTheRealmIsFilledFromTheExistingSecret() throws IOException {
        Map<String, Object> placeholders = map(path(realmImport(Map.of("keycloak.realmImport.enabled", "true")), "spec.placeholders"));
        assertThat(placeholders).isEqualTo(Map.of(
                "AUTHCLOUD_SERVICES_CLIENT_SECRET", Map.of("secret", Map.of("name", "authcloud", "key", "authcloud-services-client-secret")),
                "SIGN_IN_PORTAL_CLIENT_SECRET", Map.of("secret", Map.of("name", "authcloud", "key", "sign-in-portal-client-secret")),
                "ACCOUNT_WEB_CLIENT_SECRET", Map.of("secret", Map.of("name", "authcloud", "key", "account-web-client-secret"))));
        Set<String> used = new HashSet<>();
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}").matcher(Files.readString(RealmFilesTest.PRODUCTION));
        while (placeholder.find()) {
            used.add(placeholder.group(1));
        }
        assertThat(placeholders.keySet()).isEqualTo(used);
    }

    @Test
    void theRealmImportGoesToKeycloaksNamespaceAndReadsItsSecret() {
        Map<String, Object> realmImport = realmImport(Map.of("keycloak.realmImport.enabled", "true",
                "keycloak.realmImport.namespace", "identity", "keycloak.realmImport.keycloakCRName", "id",
                "keycloak.realmImport.existingSecret", "authcloud-clients"));
        assertThat(path(realmImport, "metadata.namespace")).isEqualTo("identity");
        assertThat(path(realmImport, "spec.keycloakCRName")).isEqualTo("id");
        assertThat(path(realmImport, "spec.placeholders.AUTHCLOUD_SERVICES_CLIENT_SECRET.secret.name")).isEqualTo("authcloud-clients");
        assertThat(path(realmImport, "spec.placeholders.SIGN_IN_PORTAL_CLIENT_SECRET.secret.name")).isEqualTo("authcloud-clients");
    }

    @Test
    void nothingIsRenderedForTheKeycloakOperatorUnlessTheImportIsEnabled() {
        assertThat(render(Map.of())).extracting(m -> m.get("kind")).doesNotContain("KeycloakRealmImport");
        assertThat(render(Map.of("keycloak.realmImport.enabled", "false"))).extracting(m -> m.get("kind")).doesNotContain("KeycloakRealmImport");
    }

    @Test
    void importingARealmTheServicesDoNotUseIsRefused() {
        assertThatThrownBy(() -> render(Map.of("keycloak.realmImport.enabled", "true", "oidc.realm", "elsewhere")))
                .hasMessageContaining("oidc.realm \"elsewhere\"");
    }

    private static Map<String, Object> realmImport(Map<String, String> values) {
        Map<String, Map<String, Object>> imports = byName(render(values), "KeycloakRealmImport");
        assertThat(imports).containsOnlyKeys("prod-realm");
        return imports.get("prod-realm");
    }
}
