package io.authcloud.helm;

import static io.authcloud.helm.Rendered.byName;
import static io.authcloud.helm.Rendered.list;
import static io.authcloud.helm.Rendered.map;
import static io.authcloud.helm.Rendered.path;
import static io.authcloud.helm.Rendered.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The chart's monitoring: the scrape, the alerts (the file promtool tests), their runbooks and the dashboard. */
@Tag("unit")
class MonitoringTest {

    /** The metrics the services publish (issue 13's contract); alerts and dashboard use these and no others. */
    static final Set<String> CONTRACT = Set.of(
            "http_server_requests_seconds_count", "http_server_requests_seconds_bucket", "http_server_requests_seconds_sum",
            "authcloud_outbox_pending_events", "authcloud_outbox_oldest_pending_age_seconds",
            "authcloud_events_dead_lettered_total", "kafka_consumer_fetch_manager_records_lag_max",
            "authcloud_otp_deliveries_total", "authcloud_verifications_total", "authcloud_key_releases_total",
            "authcloud_second_factors_total", "authcloud_recoveries_total", "authcloud_push_answers_total",
            "authcloud_rate_limit_refusals_total");

    private static final Map<String, String> ALL_ON = Map.of("metrics.serviceMonitor.enabled", "true",
            "metrics.prometheusRule.enabled", "true", "metrics.dashboard.enabled", "true");

    @Test
    void nothingForPrometheusOrGrafanaIsRenderedUnlessAskedFor() {
        assertThat(render(Map.of())).extracting(m -> m.get("kind")).doesNotContain("ServiceMonitor", "PrometheusRule", "ConfigMap");
        assertThat(render(ALL_ON)).extracting(m -> m.get("kind")).contains("ServiceMonitor", "PrometheusRule", "ConfigMap");
        assertThat(render(Map.of("metrics.dashboard.enabled", "true"))).extracting(m -> m.get("kind"))
                .contains("ConfigMap").doesNotContain("ServiceMonitor", "PrometheusRule");
    }

    @Test
    void theServiceMonitorScrapesEveryServicesMetricsOnItsHttpPort() {
        List<Map<String, Object>> manifests = render(Map.of("metrics.serviceMonitor.enabled", "true",
                "metrics.serviceMonitor.interval", "15s", "metrics.serviceMonitor.labels.release", "kube-prometheus-stack"));
        Map<String, Object> monitor = byName(manifests, "ServiceMonitor").get("prod-services");
        assertThat(monitor).containsEntry("apiVersion", "monitoring.coreos.com/v1");
        assertThat(map(path(monitor, "metadata.labels"))).containsEntry("release", "kube-prometheus-stack");
        Map<String, Object> endpoint = list(path(monitor, "spec.endpoints"), -1, null).get(0);
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/q/metrics").containsEntry("interval", "15s");
        Map<String, Object> selector = map(path(monitor, "spec.selector.matchLabels"));
        for (Map<String, Object> service : byName(manifests, "Service").values()) {
            assertThat(map(path(service, "metadata.labels"))).containsAllEntriesOf(selector);
            assertThat(list(path(service, "spec.ports"), -1, null)).extracting(port -> port.get("name")).contains("http");
        }
        assertThat(byName(manifests, "Service")).hasSize(4);
    }

    @Test
    void thePrometheusRuleCarriesExactlyTheRulesPromtoolTests() throws IOException {
        Map<String, Object> rule = byName(render(Map.of("metrics.prometheusRule.enabled", "true",
                "metrics.prometheusRule.labels.release", "kube-prometheus-stack")), "PrometheusRule").get("prod-alerts");
        assertThat(rule).containsEntry("apiVersion", "monitoring.coreos.com/v1");
        assertThat(map(path(rule, "metadata.labels"))).containsEntry("release", "kube-prometheus-stack");
        assertThat(path(rule, "spec.groups")).isEqualTo(alertFile().get("groups"));
    }

    @Test
    void theRunbookLinksFollowTheReleasesDocumentation() {
        Map<String, Object> rule = byName(render(Map.of("metrics.prometheusRule.enabled", "true",
                "metrics.prometheusRule.runbookBaseUrl", "https://wiki.example/authcloud/operations")), "PrometheusRule").get("prod-alerts");
        for (Map<String, Object> alert : alerts(map(rule.get("spec")))) {
            assertThat((String) path(alert, "annotations.runbook_url"))
                    .isEqualTo("https://wiki.example/authcloud/operations#" + ((String) alert.get("alert")).toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void everyAlertHasSeverityTextARunbookSectionAndAFiringPromtoolCase() throws IOException {
        String operations = Files.readString(Path.of("../docs/operations.md"));
        Set<String> headings = new LinkedHashSet<>();
        Matcher heading = Pattern.compile("(?m)^#{2,4} (.+)$").matcher(operations);
        while (heading.find()) {
            headings.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        Set<String> testedFiring = new LinkedHashSet<>();
        Map<String, Object> tests = new Yaml().load(Files.readString(PrometheusRulesTest.ALERT_TESTS));
        for (Map<String, Object> test : list(tests.get("tests"), -1, null)) {
            for (Map<String, Object> check : list(test.get("alert_rule_test"), -1, null)) {
                if (check.get("exp_alerts") instanceof List<?> expected && !expected.isEmpty()) {
                    testedFiring.add((String) check.get("alertname"));
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (Map<String, Object> alert : alerts(alertFile())) {
            String name = (String) alert.get("alert");
            names.add(name);
            assertThat(path(alert, "labels.severity")).as(name).isIn("critical", "warning");
            assertThat(map(alert.get("annotations"))).as(name).containsKeys("summary", "description");
            assertThat(alert.get("for")).as(name).isNotNull();
            String anchor = ((String) path(alert, "annotations.runbook_url")).replaceFirst(".*#", "");
            assertThat(path(alert, "annotations.runbook_url")).as(name)
                    .isEqualTo("https://authcloud.example/docs/operations.md#" + anchor);
            assertThat(headings).as("docs/operations.md has a section for %s", name).contains(anchor);
        }
        assertThat(testedFiring).containsExactlyInAnyOrderElementsOf(names);
        assertThat(names).contains("AuthcloudHighErrorRate", "AuthcloudHighLatency", "AuthcloudConsumerLag",
                "AuthcloudOutboxBacklog", "AuthcloudOutboxStalled", "AuthcloudDeadLetters", "AuthcloudOtpDeliveryFailures",
                "AuthcloudRecoveriesFailing");
    }

    @Test
    void alertsAndDashboardUseOnlyTheMetricsTheServicesPublish() throws IOException {
        List<String> queries = new ArrayList<>(dashboardQueries());
        for (Map<String, Object> alert : alerts(alertFile())) {
            queries.add((String) alert.get("expr"));
        }
        Pattern metric = Pattern.compile("\\b((?:http_server|authcloud|kafka_consumer)_[a-z_]+)\\b");
        Set<String> used = new LinkedHashSet<>();
        for (String query : queries) {
            Matcher matcher = metric.matcher(query);
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
        }
        assertThat(used).isSubsetOf(CONTRACT);
        assertThat(used).containsAll(CONTRACT.stream().filter(name -> !name.endsWith("_sum")).toList());
    }

    @Test
    void theDashboardIsTheFileInAConfigMapTheGrafanaSidecarPicksUp() throws IOException {
        Map<String, Object> configMap = byName(render(Map.of("metrics.dashboard.enabled", "true",
                "metrics.dashboard.namespace", "grafana")), "ConfigMap").get("prod-dashboard");
        assertThat(map(path(configMap, "metadata.labels"))).containsEntry("grafana_dashboard", "1");
        assertThat(path(configMap, "metadata.namespace")).isEqualTo("grafana");
        String json = (String) map(configMap.get("data")).get("authcloud.json");
        assertThat(new Yaml().<Object>load(json)).isEqualTo(new Yaml().load(Files.readString(PrometheusRulesTest.DASHBOARD)));
    }

    @Test
    void prometheusMayScrapeThroughTheNetworkPolicyFromItsNamespaceAndPods() {
        Map<String, Object> policy = byName(render(Map.of("networkPolicy.prometheusNamespace", "observability",
                "networkPolicy.prometheusPodLabels.app\\.kubernetes\\.io/name", "prometheus")), "NetworkPolicy").get("prod-backup");
        List<String> peers = new ArrayList<>();
        for (Map<String, Object> rule : list(path(policy, "spec.ingress"), -1, null)) {
            for (Map<String, Object> peer : list(rule.get("from"), -1, null)) {
                peers.add(path(peer, "namespaceSelector.matchLabels") + " " + path(peer, "podSelector.matchLabels"));
            }
        }
        assertThat(peers).contains("{kubernetes.io/metadata.name=observability} {app.kubernetes.io/name=prometheus}");
    }

    /** Every query of files/dashboard.json. */
    static List<String> dashboardQueries() {
        try {
            Map<String, Object> dashboard = new Yaml().load(Files.readString(PrometheusRulesTest.DASHBOARD));
            List<String> queries = new ArrayList<>();
            for (Map<String, Object> panel : list(dashboard.get("panels"), -1, null)) {
                if (panel.get("targets") != null) {
                    for (Map<String, Object> target : list(panel.get("targets"), -1, null)) {
                        queries.add((String) target.get("expr"));
                    }
                }
            }
            return queries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> alertFile() throws IOException {
        return new Yaml().load(Files.readString(PrometheusRulesTest.ALERTS));
    }

    private static List<Map<String, Object>> alerts(Map<String, Object> ruleFile) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : list(ruleFile.get("groups"), -1, null)) {
            alerts.addAll(list(group.get("rules"), -1, null));
        }
        return alerts;
    }
}
