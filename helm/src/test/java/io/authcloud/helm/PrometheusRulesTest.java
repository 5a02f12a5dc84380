package io.authcloud.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts of files/alerts.yaml are valid Prometheus rules and fire exactly when the promtool unit tests of
 * src/test/promtool say; the dashboard's queries are valid PromQL. Needs promtool (Debian's prometheus package,
 * which deploy/local/infra.sh installs): without it these tests fail, they never skip.
 */
@Tag("unit")
class PrometheusRulesTest {

    static final Path ALERTS = Rendered.CHART.resolve("files/alerts.yaml");
    static final Path ALERT_TESTS = Path.of("src/test/promtool/alerts-test.yaml");
    static final Path DASHBOARD = Rendered.CHART.resolve("files/dashboard.json");

    @Test
    void theAlertsAreValidRules() throws Exception {
        assertThat(promtool("check", "rules", ALERTS.toString())).contains("SUCCESS");
    }

    @Test
    void eachAlertFiresWhenItShouldAndNotOtherwise() throws Exception {
        assertThat(promtool("test", "rules", ALERT_TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void everyQueryOfTheDashboardIsValidPromQl(@TempDir Path dir) throws Exception {
        // Grafana's variables become what they stand for; each query is then a recording rule promtool checks.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String expr : MonitoringTest.dashboardQueries()) {
            String query = expr.replace("$namespace", ".*").replace("$application", ".*")
                    .replace("$__rate_interval", "5m").replace("$__range", "1h");
            rules.append("      - record: dashboard_query_").append(i++).append("\n        expr: '")
                    .append(query.replace("'", "''")).append("'\n");
        }
        assertThat(i).isGreaterThan(10);
        Path file = dir.resolve("dashboard-rules.yaml");
        Files.writeString(file, rules);
        assertThat(promtool("check", "rules", file.toString())).contains("SUCCESS: " + i + " rules found");
    }

    /** Runs promtool; fails the test with its output when it exits non-zero, and when it is not installed. */
    static String promtool(String... args) throws IOException, InterruptedException {
        Path promtool = locatePromtool();
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool %s did not finish within 120 s", String.join(" ", args));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool %s exited with an error:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    private static Path locatePromtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path debian = Path.of("/usr/bin/promtool");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        return fail("promtool is not installed, so the alerts cannot be tested: install Debian's prometheus package "
                + "(deploy/local/infra.sh does, as root: apt-get install --no-install-recommends prometheus)");
    }
}
