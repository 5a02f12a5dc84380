package io.authcloud.helm;

import static io.authcloud.helm.Rendered.byName;
import static io.authcloud.helm.Rendered.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every rendered document, with the defaults and with every option on, read strictly by the Kubernetes model
 * (an unknown field, a wrong kind or a wrong type fails), and every pod within Pod Security "restricted".
 */
@Tag("unit")
class ManifestsAreValidTest {

    /** Kinds of the operators the chart may hand documents to; their schemas live in those operators' CRDs. */
    private static final Map<String, String> OPERATOR_KINDS = Map.of(
            "KafkaTopic", "kafka.strimzi.io/v1beta2",
            "Cluster", "postgresql.cnpg.io/v1",
            "Database", "postgresql.cnpg.io/v1",
            "KeycloakRealmImport", "k8s.keycloak.org/v2alpha1",
            "KafkaUser", "kafka.strimzi.io/v1beta2",
            "ServiceMonitor", "monitoring.coreos.com/v1",
            "PrometheusRule", "monitoring.coreos.com/v1");

    private static final Map<String, String> EVERY_OPTION = new LinkedHashMap<>();

    static {
        EVERY_OPTION.put("httpRoute.enabled", "true");
        EVERY_OPTION.put("kafka.topics.create", "true");
        EVERY_OPTION.put("kafka.users.create", "true");
        EVERY_OPTION.put("metrics.serviceMonitor.enabled", "true");
        EVERY_OPTION.put("metrics.serviceMonitor.labels.release", "kube-prometheus-stack");
        EVERY_OPTION.put("metrics.prometheusRule.enabled", "true");
        EVERY_OPTION.put("metrics.dashboard.enabled", "true");
        EVERY_OPTION.put("networkPolicy.prometheusPodLabels.app\\.kubernetes\\.io/name", "prometheus");
        EVERY_OPTION.put("tracing.otlpEndpoint", "http://otel-collector.monitoring:4317");
        EVERY_OPTION.put("cloudnativepg.enabled", "true");
        EVERY_OPTION.put("keycloak.realmImport.enabled", "true");
        EVERY_OPTION.put("tests.ingressUrl", "http://ingress-nginx-controller.ingress-nginx");
        EVERY_OPTION.put("serviceAccount.annotations.iam\\.example/role", "authcloud");
        EVERY_OPTION.put("extraEnv[0].name", "TZ");
        EVERY_OPTION.put("extraEnv[0].value", "UTC");
        EVERY_OPTION.put("extraVolumes[0].name", "ca");
        EVERY_OPTION.put("extraVolumes[0].configMap.name", "company-ca");
        EVERY_OPTION.put("extraVolumeMounts[0].name", "ca");
        EVERY_OPTION.put("extraVolumeMounts[0].mountPath", "/etc/ssl/company");
        EVERY_OPTION.put("networkPolicy.egress.postgresql.peers[0].ipBlock.cidr", "10.0.0.0/16");
        EVERY_OPTION.put("services.backup.autoscaling.enabled", "false");
    }

    private final KubernetesSerialization kubernetes = new KubernetesSerialization();

    @Test
    void everyDocumentIsReadStrictlyWithTheDefaults() {
        assertEveryDocumentValid(render(Map.of()));
    }

    @Test
    void everyDocumentIsReadStrictlyWithEveryOptionOn() {
        List<Map<String, Object>> manifests = Rendered.renderWithTestHooks(EVERY_OPTION);
        assertThat(manifests).extracting(m -> m.get("kind")).contains("HTTPRoute", "KafkaTopic", "Cluster", "Database",
                "KeycloakRealmImport", "Pod", "HorizontalPodAutoscaler", "ServiceAccount", "KafkaUser", "ServiceMonitor",
                "PrometheusRule", "ConfigMap");
        assertEveryDocumentValid(manifests);
    }

    @Test
    void everyPodIsWithinPodSecurityRestricted() {
        for (Map<String, String> values : List.of(Map.<String, String>of(), EVERY_OPTION)) {
            List<Map<String, Object>> manifests = Rendered.renderWithTestHooks(values);
            List<PodSpec> pods = new ArrayList<>();
            for (Map<String, Object> deployment : byName(manifests, "Deployment").values()) {
                pods.add(kubernetes.convertValue(deployment, Deployment.class).getSpec().getTemplate().getSpec());
            }
            for (Map<String, Object> pod : byName(manifests, "Pod").values()) {
                pods.add(kubernetes.convertValue(pod, Pod.class).getSpec());
            }
            assertThat(pods).isNotEmpty();
            pods.forEach(ManifestsAreValidTest::assertRestricted);
        }
    }

    @Test
    void theCheckItselfFindsAnUnknownFieldAWrongTypeAndAWrongKind() {
        Map<String, Object> deployment = byName(render(Map.of()), "Deployment").get("prod-backup");
        @SuppressWarnings("unchecked")
        Map<String, Object> container = ((List<Map<String, Object>>) Rendered.path(deployment, "spec.template.spec.containers")).get(0);
        container.put("imagePullPolcy", "Always");
        List<String> unknown = new ArrayList<>();
        unknownFields(kubernetes.convertValue(deployment, KubernetesResource.class), "Deployment", unknown);
        assertThat(unknown).singleElement().asString().contains("imagePullPolcy");

        container.remove("imagePullPolcy");
        ((Map<String, Object>) deployment.get("spec")).put("replicas", "two");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kubernetes.convertValue(deployment, KubernetesResource.class))
                .hasMessageContaining("two");

        ((Map<String, Object>) deployment.get("spec")).remove("replicas");
        deployment.put("apiVersion", "apps/v1beta9");
        assertThat(kubernetes.convertValue(deployment, KubernetesResource.class)).isInstanceOf(GenericKubernetesResource.class);
    }

    private void assertEveryDocumentValid(List<Map<String, Object>> manifests) {
        for (Map<String, Object> manifest : manifests) {
            String kind = (String) manifest.get("kind");
            String name = kind + " " + Rendered.path(manifest, "metadata.name");
            KubernetesResource resource = kubernetes.convertValue(manifest, KubernetesResource.class);
            if (OPERATOR_KINDS.containsKey(kind)) {
                assertThat(manifest.get("apiVersion")).as(name).isEqualTo(OPERATOR_KINDS.get(kind));
                assertThat(resource).as(name).isInstanceOf(GenericKubernetesResource.class);
                continue;
            }
            assertThat(resource).as("%s is a kind Kubernetes knows at that apiVersion", name)
                    .isNotInstanceOf(GenericKubernetesResource.class);
            List<String> unknown = new ArrayList<>();
            unknownFields(resource, kind, unknown);
            assertThat(unknown).as("fields %s does not have", name).isEmpty();
        }
    }

    /** Fields the model did not know are kept in additionalProperties: any of them anywhere is a mistake. */
    private static void unknownFields(Object node, String where, List<String> unknown) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean || node instanceof Enum<?>) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, where + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, where + "." + key, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(where + ": " + extra.keySet());
                }
                continue;
            }
            unknownFields(value, where + "." + getter.getName().substring(3), unknown);
        }
    }

    private static void assertRestricted(PodSpec pod) {
        PodSecurityContext podContext = pod.getSecurityContext();
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
        Set<String> allowedVolumes = Set.of("configMap", "emptyDir", "secret", "projected", "downwardAPI", "csi",
                "persistentVolumeClaim", "ephemeral");
        for (Volume volume : pod.getVolumes()) {
            Map<?, ?> asMap = new KubernetesSerialization().convertValue(volume, Map.class);
            assertThat(asMap.keySet()).as("volume %s", volume.getName())
                    .allMatch(key -> key.equals("name") || allowedVolumes.contains(String.valueOf(key)));
        }
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        for (Container container : containers) {
            SecurityContext context = container.getSecurityContext();
            assertThat(context).as(container.getName()).isNotNull();
            assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(context.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
            Capabilities capabilities = context.getCapabilities();
            assertThat(capabilities.getDrop()).contains("ALL");
            assertThat(capabilities.getAdd() == null ? List.<String>of() : capabilities.getAdd()).isSubsetOf("NET_BIND_SERVICE");
            boolean nonRoot = Boolean.TRUE.equals(context.getRunAsNonRoot())
                    || podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
            assertThat(nonRoot).as("%s runs as non-root", container.getName()).isTrue();
            assertThat(context.getRunAsUser() == null ? podContext.getRunAsUser() : context.getRunAsUser()).isNotZero();
            String seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile().getType()
                    : podContext != null && podContext.getSeccompProfile() != null ? podContext.getSeccompProfile().getType() : null;
            assertThat(seccomp).as(container.getName()).isIn("RuntimeDefault", "Localhost");
        }
    }
}
