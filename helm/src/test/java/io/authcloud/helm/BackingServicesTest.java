package io.authcloud.helm;

import static io.authcloud.helm.Rendered.SERVICES;
import static io.authcloud.helm.Rendered.byName;
import static io.authcloud.helm.Rendered.container;
import static io.authcloud.helm.Rendered.egressPorts;
import static io.authcloud.helm.Rendered.env;
import static io.authcloud.helm.Rendered.envList;
import static io.authcloud.helm.Rendered.list;
import static io.authcloud.helm.Rendered.map;
import static io.authcloud.helm.Rendered.path;
import static io.authcloud.helm.Rendered.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** How the services log in to Kafka, Redis, PostgreSQL and SMTP, over TLS by default, and what Kafka lets each do. */
@Tag("unit")
class BackingServicesTest {

    @Test
    void eachKafkaUserMayDoExactlyWhatItsServiceDoes() {
        Map<String, Map<String, Object>> users = byName(render(Map.of("kafka.users.create", "true")), "KafkaUser");
        assertThat(users.keySet()).containsExactlyInAnyOrder("backup-service", "recovery-service", "verification-service",
                "notification-service");
        Map<String, Set<String>> acls = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> user : users.entrySet()) {
            Map<String, Object> spec = map(user.getValue().get("spec"));
            assertThat(user.getValue()).containsEntry("apiVersion", "kafka.strimzi.io/v1beta2");
            assertThat(map(path(user.getValue(), "metadata.labels"))).containsEntry("strimzi.io/cluster", "kafka");
            assertThat(path(spec, "authentication.type")).isEqualTo("scram-sha-512");
            assertThat(path(spec, "authorization.type")).isEqualTo("simple");
            Set<String> granted = new TreeSet<>();
            for (Map<String, Object> acl : list(path(spec, "authorization.acls"), -1, null)) {
                assertThat(path(acl, "resource.patternType")).isEqualTo("literal");
                for (Object operation : (List<?>) acl.get("operations")) {
                    granted.add(path(acl, "resource.type") + ":" + path(acl, "resource.name") + ":" + operation);
                }
            }
            acls.put(user.getKey(), granted);
        }
        assertThat(acls.get("backup-service")).containsExactlyInAnyOrderElementsOf(union(writes("backup-events"),
                reads("recovery-events"), Set.of("group:backup-service:Read")));
        assertThat(acls.get("verification-service")).containsExactlyInAnyOrderElementsOf(
                union(writes("verification-events"), writes("notification-requests"), reads("recovery-events"),
                        Set.of("group:verification-service:Read")));
        assertThat(acls.get("recovery-service")).containsExactlyInAnyOrderElementsOf(union(writes("recovery-events"),
                reads("backup-events"), reads("verification-events"), reads("credential-events"), Set.of("group:recovery-service:Read")));
        assertThat(acls.get("notification-service")).containsExactlyInAnyOrderElementsOf(union(writes("credential-events"),
                reads("notification-requests"), reads("verification-events"), reads("recovery-events"), reads("credential-events"),
                reads("backup-events"), Set.of("group:notification-service:Read", "group:notification-service-activity:Read")));
        assertThat(render(Map.of())).extracting(m -> m.get("kind")).doesNotContain("KafkaUser");
        // The local broker's table (deploy/local/kafka/acls.txt, the one every local run and test meets) grants
        // each service exactly what the cluster's KafkaUsers grant.
        assertThat(localAcls()).isEqualTo(acls);
    }

    /** deploy/local/kafka/acls.txt's rules of the four services, as {@code type:name:Operation}. */
    private static Map<String, Set<String>> localAcls() {
        Map<String, Set<String>> acls = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("../deploy/local/kafka/acls.txt"))) {
                String[] rule = line.trim().split("\\s+");
                if (line.isBlank() || line.startsWith("#") || !rule[0].endsWith("-service")) {
                    continue;
                }
                assertThat(rule[3]).as(line).isEqualTo("LITERAL");
                for (String operation : rule[1].split(",")) {
                    acls.computeIfAbsent(rule[0], k -> new TreeSet<>()).add(rule[2].toLowerCase(Locale.ROOT) + ":"
                            + rule[4] + ":" + operation.charAt(0) + operation.substring(1).toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return acls;
    }

    @Test
    void everyServiceLogsInToKafkaAsItsUserOverTlsWithTheClustersCa() {
        Map<String, Map<String, Object>> deployments = byName(render(Map.of()), "Deployment");
        for (String service : SERVICES) {
            Map<String, Object> container = container(deployments.get("prod-" + service));
            assertThat(env(container)).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_USERNAME", service + "-service")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/authcloud/ca/kafka/ca.crt");
            assertThat(secretRef(container, "KAFKA_SASL_PASSWORD")).isEqualTo(service + "-service/password");
            assertThat(mountPaths(container)).containsEntry("kafka-ca", "/etc/authcloud/ca/kafka");
            assertThat(secretVolume(deployments.get("prod-" + service), "kafka-ca")).isEqualTo("kafka-cluster-ca-cert/ca.crt");
        }
        Map<String, Object> own = byName(render(Map.of("kafka.users.recovery.username", "svc-recovery",
                "kafka.users.recovery.secretName", "kafka-logins", "kafka.users.recovery.passwordKey", "recovery",
                "kafka.ca.secretName", "company-ca", "kafka.ca.key", "root.pem")), "Deployment").get("prod-recovery");
        assertThat(env(container(own))).containsEntry("KAFKA_SASL_USERNAME", "svc-recovery");
        assertThat(secretRef(container(own), "KAFKA_SASL_PASSWORD")).isEqualTo("kafka-logins/recovery");
        assertThat(secretVolume(own, "kafka-ca")).isEqualTo("company-ca/root.pem");
    }

    @Test
    void redisPostgresqlAndSmtpAreReachedWithTlsAndTheirLoginsByDefault() {
        Map<String, Map<String, Object>> deployments = byName(render(Map.of()), "Deployment");
        for (String service : SERVICES) {
            Map<String, Object> container = container(deployments.get("prod-" + service));
            assertThat(env(container)).containsEntry("PGSSLMODE", "verify-full")
                    .containsEntry("PGSSLROOTCERT", "/etc/authcloud/ca/postgresql/ca.crt")
                    .containsEntry("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "20")
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "")
                    // verify-full: the CA is trusted and the server's name checked.
                    .containsEntry("PGSSL_TRUST_ROOT_CERT", "true").containsEntry("PGSSL_HOSTNAME_VERIFICATION", "HTTPS");
            assertThat(secretVolume(deployments.get("prod-" + service), "postgresql-ca")).isEqualTo("prod-postgresql-ca/ca.crt");
            if (service.equals("recovery")) {
                assertThat(env(container)).doesNotContainKeys("REDIS_USERNAME", "REDIS_PASSWORD", "REDIS_TLS");
            } else {
                assertThat(env(container)).containsEntry("REDIS_TLS", "true").containsEntry("REDIS_USERNAME", service + "-service");
                assertThat(secretRef(container, "REDIS_PASSWORD")).isEqualTo("authcloud/" + service + "-redis-password");
            }
            if (service.equals("notification")) {
                assertThat(env(container)).containsEntry("SMTP_START_TLS", "REQUIRED").containsEntry("SMTP_LOGIN", "REQUIRED")
                        .containsEntry("SMTP_USERNAME", "authcloud");
                assertThat(secretRef(container, "SMTP_PASSWORD")).isEqualTo("authcloud/smtp-password");
            } else {
                assertThat(env(container)).doesNotContainKeys("SMTP_START_TLS", "SMTP_LOGIN", "SMTP_USERNAME", "SMTP_PASSWORD");
            }
        }
    }

    @Test
    void withoutTlsNoCaIsMountedAndWithoutLoginsNoPasswordIsAskedFor() {
        // The laptop's values (deploy/kube/play.sh): no TLS anywhere, no SMTP login.
        List<Map<String, Object>> local = new ArrayList<>();
        String rendered = new Helm(Rendered.CHART).template().withName("prod")
                .withValuesFile(Path.of("../deploy/kube/values-local.yaml")).call();
        for (Object document : new Yaml().loadAll(rendered)) {
            if (document instanceof Map<?, ?> manifest) {
                local.add(map(manifest));
            }
        }
        Map<String, Map<String, Object>> deployments = byName(local, "Deployment");
        assertThat(deployments).hasSize(4);
        for (String service : SERVICES) {
            assertThat(env(container(deployments.get("prod-" + service)))).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .doesNotContainEntry("REDIS_TLS", "true");
            Map<String, Object> container = container(deployments.get("prod-" + service));
            assertThat(env(container)).containsEntry("PGSSLMODE", "disable").containsKey("KAFKA_SASL_USERNAME")
                    .doesNotContainKeys("PGSSLROOTCERT", "PGSSL_TRUST_ROOT_CERT", "PGSSL_HOSTNAME_VERIFICATION",
                            "KAFKA_SSL_TRUSTSTORE_LOCATION", "SMTP_USERNAME", "SMTP_PASSWORD");
            assertThat(mountPaths(container)).doesNotContainKeys("postgresql-ca", "kafka-ca");
        }
        Map<String, Object> plain = container(byName(render(Map.of("kafka.securityProtocol", "PLAINTEXT")), "Deployment").get("prod-backup"));
        assertThat(env(plain)).doesNotContainKeys("KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "KAFKA_SSL_TRUSTSTORE_LOCATION");
        Map<String, Object> cnpg = byName(render(Map.of("cloudnativepg.enabled", "true", "postgresql.ca.secretName", "db-ca")),
                "Deployment").get("prod-backup");
        assertThat(secretVolume(cnpg, "postgresql-ca")).isEqualTo("db-ca/ca.crt");
    }

    @Test
    void tracesLeaveThroughTheNetworkPolicyOnlyWhenAnEndpointIsSet() {
        assertThat(egressPorts(byName(render(Map.of()), "NetworkPolicy").get("prod-backup"))).doesNotContain(4317);
        List<Map<String, Object>> manifests = render(Map.of("tracing.otlpEndpoint", "http://otel-collector.monitoring:4317"));
        for (String service : SERVICES) {
            assertThat(egressPorts(byName(manifests, "NetworkPolicy").get("prod-" + service))).contains(4317, 4318);
            assertThat(env(container(byName(manifests, "Deployment").get("prod-" + service))))
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.monitoring:4317");
        }
        assertThat(egressPorts(byName(render(Map.of()), "NetworkPolicy").get("prod-backup"))).contains(9093);
    }

    @Test
    void theConnectionPoolAndPostgresqlsConnectionLimitAreValues() {
        List<Map<String, Object>> manifests = render(Map.of("services.backup.database.poolSize", "8", "cloudnativepg.enabled", "true",
                "cloudnativepg.maxConnections", "300"));
        assertThat(env(container(byName(manifests, "Deployment").get("prod-backup")))).containsEntry("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "8");
        assertThat(path(byName(manifests, "Cluster").get("prod-postgresql"), "spec.postgresql.parameters.max_connections")).isEqualTo("300");
    }

    @Test
    void theChartsDefaultsOpenFewerConnectionsThanTheClusterAllows() {
        // docs/operations.md, "Sizing PostgreSQL connections": at most maxReplicas + 1 (the rolling update's surge)
        // pods per service, each with its reactive pool and Flyway's 2 JDBC connections.
        List<Map<String, Object>> manifests = render(Map.of("cloudnativepg.enabled", "true"));
        int connections = 0;
        for (String service : SERVICES) {
            Map<String, Object> deployment = byName(manifests, "Deployment").get("prod-" + service);
            int pods = (Integer) path(byName(manifests, "HorizontalPodAutoscaler").get("prod-" + service), "spec.maxReplicas") + 1;
            int pool = Integer.parseInt(env(container(deployment)).get("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE"));
            connections += pods * (pool + 2);
        }
        assertThat(connections).isEqualTo(484);
        int allowed = Integer.parseInt((String) path(byName(manifests, "Cluster").get("prod-postgresql"), "spec.postgresql.parameters.max_connections"));
        assertThat(allowed).isGreaterThan(connections + 3); // superuser_reserved_connections
    }

    private static Set<String> writes(String topic) {
        return Set.of("topic:" + topic + ":Write", "topic:" + topic + ":Describe");
    }

    private static Set<String> reads(String topic) {
        return union(Set.of("topic:" + topic + ":Read", "topic:" + topic + ":Describe"), writes(topic + "-dlq"));
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }

    private static String secretRef(Map<String, Object> container, String name) {
        Map<String, Object> variable = envList(container).stream().filter(v -> name.equals(v.get("name"))).findFirst().orElseThrow();
        assertThat(variable).as(name).doesNotContainKey("value");
        return path(variable, "valueFrom.secretKeyRef.name") + "/" + path(variable, "valueFrom.secretKeyRef.key");
    }

    private static Map<String, String> mountPaths(Map<String, Object> container) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Map<String, Object> mount : list(container.get("volumeMounts"), -1, null)) {
            mounts.put((String) mount.get("name"), (String) mount.get("mountPath"));
        }
        return mounts;
    }

    /** A secret volume as "secretName/key" of its one item, which it mounts as ca.crt. */
    private static String secretVolume(Map<String, Object> deployment, String name) {
        for (Map<String, Object> volume : list(path(deployment, "spec.template.spec.volumes"), -1, null)) {
            if (name.equals(volume.get("name"))) {
                Map<String, Object> item = list(path(volume, "secret.items"), -1, null).get(0);
                assertThat(item).containsEntry("path", "ca.crt");
                return path(volume, "secret.secretName") + "/" + item.get("key");
            }
        }
        return null;
    }
}
