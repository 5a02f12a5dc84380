package io.authcloud.helm;

import static io.authcloud.helm.Rendered.SERVICES;
import static io.authcloud.helm.Rendered.byName;
import static io.authcloud.helm.Rendered.container;
import static io.authcloud.helm.Rendered.egressPorts;
import static io.authcloud.helm.Rendered.env;
import static io.authcloud.helm.Rendered.list;
import static io.authcloud.helm.Rendered.map;
import static io.authcloud.helm.Rendered.path;
import static io.authcloud.helm.Rendered.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What an SRE expects of the chart: a typo fails, drains and rollouts drop nothing, traffic is denied but what is listed. */
@Tag("unit")
class ChartOperationsTest {

    @Test
    void aMisspelledValueAnUnknownServiceOrTheLatestTagFailsBeforeAnythingRenders() {
        assertThatThrownBy(() -> render(Map.of("image.tagg", "1.0"))).hasMessageContaining("tagg");
        assertThatThrownBy(() -> render(Map.of("services.backup.replicas", "3"))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> render(Map.of("services.billing.replicaCount", "1"))).hasMessageContaining("billing");
        assertThatThrownBy(() -> render(Map.of("image.tag", "latest"))).hasMessageContaining("/image/tag");
        assertThatThrownBy(() -> render(Map.of("push.mode", "apns"))).hasMessageContaining("push");
    }

    @Test
    void eachServiceHasItsOwnAccountWithoutATokenAnAutoscalerAndABudgetThatNeverBlocksADrain() {
        List<Map<String, Object>> manifests = render(Map.of());
        Map<String, Map<String, Object>> accounts = byName(manifests, "ServiceAccount");
        Map<String, Map<String, Object>> autoscalers = byName(manifests, "HorizontalPodAutoscaler");
        Map<String, Map<String, Object>> budgets = byName(manifests, "PodDisruptionBudget");
        Map<String, Map<String, Object>> deployments = byName(manifests, "Deployment");
        for (String service : SERVICES) {
            String name = "prod-" + service;
            assertThat(accounts.get(name)).containsEntry("automountServiceAccountToken", false);
            assertThat(path(deployments.get(name), "spec.template.spec.serviceAccountName")).isEqualTo(name);
            assertThat(path(deployments.get(name), "spec.template.spec.automountServiceAccountToken")).isEqualTo(false);
            assertThat(path(autoscalers.get(name), "spec.scaleTargetRef.name")).isEqualTo(name);
            assertThat((Integer) path(autoscalers.get(name), "spec.minReplicas")).isGreaterThanOrEqualTo(2);
            // The autoscaler owns the replica count: the Deployment does not fight it.
            assertThat(path(deployments.get(name), "spec.replicas")).isNull();
            assertThat(path(budgets.get(name), "spec.maxUnavailable")).isEqualTo(1);
            assertThat(path(budgets.get(name), "spec.minAvailable")).isNull();
        }
        Map<String, Object> fixed = byName(render(Map.of("services.backup.autoscaling.enabled", "false",
                "services.backup.replicaCount", "1")), "Deployment").get("prod-backup");
        assertThat(path(fixed, "spec.replicas")).isEqualTo(1);
    }

    @Test
    void podsSpreadAcrossNodesAndZonesAndRollWhenTheSecretChanges() {
        for (Map<String, Object> deployment : byName(render(Map.of()), "Deployment").values()) {
            List<Map<String, Object>> spread = list(path(deployment, "spec.template.spec.topologySpreadConstraints"), -1, null);
            assertThat(spread).extracting(c -> c.get("topologyKey"))
                    .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
            assertThat((String) path(deployment, "spec.template.metadata.annotations.checksum/secret")).hasSize(64);
        }
        String before = checksum(Map.of());
        assertThat(checksum(Map.of("secrets.revision", "rotated-2026-12-01"))).isNotEqualTo(before);
    }

    @Test
    void aRollingUpdateOrADrainDropsNoRequest() {
        for (Map<String, Object> deployment : byName(render(Map.of()), "Deployment").values()) {
            Map<String, Object> container = container(deployment);
            int preStop = (Integer) path(container, "lifecycle.preStop.sleep.seconds");
            Map<String, String> env = env(container);
            int delay = seconds(env.get("QUARKUS_SHUTDOWN_DELAY"));
            int timeout = seconds(env.get("QUARKUS_SHUTDOWN_TIMEOUT"));
            assertThat((Integer) path(deployment, "spec.template.spec.terminationGracePeriodSeconds"))
                    .isGreaterThan(preStop + delay + timeout);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat((Integer) path(container, probe + ".timeoutSeconds")).as(probe).isGreaterThanOrEqualTo(5);
            }
        }
    }

    @Test
    void networkPoliciesDenyEverythingButTheGatewayPrometheusDnsAndWhatEachServiceUses() {
        Map<String, Map<String, Object>> policies = byName(render(Map.of()), "NetworkPolicy");
        for (String service : SERVICES) {
            Map<String, Object> policy = policies.get("prod-" + service);
            assertThat(String.valueOf(path(policy, "spec.policyTypes"))).isEqualTo("[Ingress, Egress]");
            List<String> from = new ArrayList<>();
            for (Map<String, Object> rule : list(path(policy, "spec.ingress"), -1, null)) {
                for (Map<String, Object> peer : list(rule.get("from"), -1, null)) {
                    from.add(String.valueOf(path(peer, "namespaceSelector.matchLabels")));
                }
            }
            assertThat(from).contains("{kubernetes.io/metadata.name=ingress-nginx}", "{kubernetes.io/metadata.name=monitoring}");
            assertThat(egressPorts(policy)).contains(53, 5432, 9092, 443);
        }
        assertThat(egressPorts(policies.get("prod-notification"))).contains(587, 6379);
        assertThat(egressPorts(policies.get("prod-backup"))).doesNotContain(587);
        assertThat(egressPorts(policies.get("prod-recovery"))).doesNotContain(6379, 587);
    }

    @Test
    void theIngressCarriesAnnotationsOnlyForItsClassAndGatewayApiRoutesAreOnOffer() {
        Map<String, Object> nginx = byName(render(Map.of()), "Ingress").get("prod-api");
        assertThat(map(path(nginx, "metadata.annotations"))).containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "4m");
        Map<String, Object> traefik = byName(render(Map.of("ingress.className", "traefik")), "Ingress").get("prod-api");
        assertThat(path(traefik, "metadata.annotations")).isNull();

        Map<String, Object> route = byName(render(Map.of("httpRoute.enabled", "true", "ingress.enabled", "false")),
                "HTTPRoute").get("prod-api");
        List<String> prefixes = new ArrayList<>();
        for (Map<String, Object> rule : list(path(route, "spec.rules"), -1, null)) {
            prefixes.add(path(list(rule.get("matches"), -1, null).get(0), "path.value") + " -> "
                    + list(rule.get("backendRefs"), -1, null).get(0).get("name"));
        }
        assertThat(prefixes).contains("/v1/backups -> prod-backup", "/v1/me -> prod-recovery",
                "/v1/me/activity -> prod-notification", "/v1/sign-ins -> prod-notification");
        assertThat(prefixes).contains("/account -> prod-notification").hasSize(12);
    }

    @Test
    void strimziTopicsAndACloudNativePgClusterAreRenderedOnRequest() {
        List<Map<String, Object>> manifests = render(Map.of("kafka.topics.create", "true", "cloudnativepg.enabled", "true"));
        Map<String, Map<String, Object>> topics = byName(manifests, "KafkaTopic");
        assertThat(topics.keySet()).containsExactlyInAnyOrder("backup-events", "backup-events-dlq", "recovery-events",
                "recovery-events-dlq", "verification-events", "verification-events-dlq", "credential-events",
                "credential-events-dlq", "notification-requests", "notification-requests-dlq");
        for (Map<String, Object> topic : topics.values()) {
            assertThat(path(topic, "spec.replicas")).isEqualTo(3);
            assertThat(map(path(topic, "spec.config"))).containsEntry("min.insync.replicas", 2);
            assertThat(map(path(topic, "metadata.labels"))).containsEntry("strimzi.io/cluster", "kafka");
        }
        Map<String, Object> cluster = byName(manifests, "Cluster").get("prod-postgresql");
        assertThat(list(path(cluster, "spec.managed.roles"), -1, null)).extracting(role -> role.get("name"))
                .containsExactlyInAnyOrder("backup", "recovery", "verification", "notification");
        assertThat(byName(manifests, "Database")).hasSize(4);
        for (Map<String, Object> deployment : byName(manifests, "Deployment").values()) {
            assertThat(env(container(deployment))).containsEntry("PGHOST", "prod-postgresql-rw");
        }
        assertThat(render(Map.of())).extracting(m -> m.get("kind")).doesNotContain("KafkaTopic", "Cluster", "Database");
    }

    @Test
    void helmTestChecksEachServiceAndOneRouteThroughTheIngress() {
        Map<String, Map<String, Object>> pods = byName(Rendered.renderWithTestHooks(
                Map.of("tests.ingressUrl", "http://ingress-nginx-controller.ingress-nginx")), "Pod");
        assertThat(pods.keySet()).containsExactlyInAnyOrder("prod-backup-test-ready", "prod-recovery-test-ready",
                "prod-verification-test-ready", "prod-notification-test-ready", "prod-test-route");
        for (Map<String, Object> pod : pods.values()) {
            assertThat(map(path(pod, "metadata.annotations"))).containsEntry(Rendered.TEST_HOOK, "test");
        }
        assertThat(String.valueOf(list(path(pods.get("prod-backup-test-ready"), "spec.containers"), -1, null).get(0).get("command")))
                .contains("http://prod-backup/q/health/ready");
        assertThat(byName(Rendered.renderWithTestHooks(Map.of()), "Pod")).doesNotContainKey("prod-test-route")
                .containsKey("prod-backup-test-ready");
    }

    @Test
    void aServiceMayMigrateWithALoginOfItsOwn() {
        Map<String, Object> backup = byName(render(Map.of("services.backup.database.migrationUser", "backup_migrator")),
                "Deployment").get("prod-backup");
        assertThat(env(container(backup))).containsEntry("QUARKUS_FLYWAY_USERNAME", "backup_migrator");
        Map<String, Object> password = Rendered.envList(container(backup)).stream()
                .filter(variable -> "QUARKUS_FLYWAY_PASSWORD".equals(variable.get("name"))).findFirst().orElseThrow();
        assertThat(path(password, "valueFrom.secretKeyRef.key")).isEqualTo("backup-db-migration-password");
        assertThat(env(container(byName(render(Map.of()), "Deployment").get("prod-backup")))).doesNotContainKey("QUARKUS_FLYWAY_USERNAME");
    }

    private static String checksum(Map<String, String> values) {
        return (String) path(byName(render(values), "Deployment").get("prod-backup"), "spec.template.metadata.annotations.checksum/secret");
    }

    private static int seconds(String duration) {
        return Integer.parseInt(duration.replace("s", ""));
    }
}
