package io.authcloud.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What every authcloud service answers from its first day: health with its real dependencies, metrics,
 * OpenAPI, its migrations applied, and bearer-token checks against the real Keycloak. A service's test
 * extends this class, names a protected path and its dependencies, and is annotated {@code @QuarkusTest}.
 */
public abstract class ServiceFoundationContract {

    @Inject
    DataSource dataSource;

    private final String protectedPath;
    private final List<String> readinessDependencies;

    /**
     * {@code protectedPath}: a path of the service's OpenAPI document with a GET that needs a token (a template
     * such as {@code /v1/verifications/{id}} is requested with a made-up id, see {@link #requestPath()});
     * {@code readinessDependencies}: words that name its readiness checks ({@code postgresql}, {@code redis}); never Kafka.
     */
    protected ServiceFoundationContract(String protectedPath, String... readinessDependencies) {
        this.protectedPath = protectedPath;
        this.readinessDependencies = List.of(readinessDependencies);
    }

    /** The protected path as requested: its template's parameters filled with a made-up id. */
    protected String requestPath() {
        return protectedPath.replaceAll("\\{[^}]+}", "3f2c1e9a-6b1d-4c2e-9a57-2f1d6c0b8e11");
    }

    @Test
    public void reportsReadinessOfEveryDependency() {
        JsonPath health = given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"))
                .extract().jsonPath();
        String names = String.join(" ", health.getList("checks.name", String.class)).toLowerCase(Locale.ROOT);
        for (String dependency : readinessDependencies) {
            assertThat(names).as("readiness checks").contains(dependency);
        }
        // Kafka away must not take the pods out of their Service: the outbox keeps writes safe meanwhile.
        // No Kafka client check, and the messaging check asks no channel (it answers UP with nothing to report).
        assertThat(names).as("readiness checks").doesNotContain("kafka");
        for (Map<String, Object> check : health.<Map<String, Object>>getList("checks")) {
            if (String.valueOf(check.get("name")).toLowerCase(Locale.ROOT).contains("messaging")) {
                assertThat((Map<?, ?>) check.get("data")).as("channels in %s", check.get("name")).isNullOrEmpty();
            }
        }
    }

    @Test
    public void answersLivenessMetricsAndOpenApi() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"),
                // What the alerts read: every series names its service, the outbox is measured, HTTP latency has buckets.
                containsString("authcloud_outbox_pending_events{application=\""),
                containsString("authcloud_outbox_oldest_pending_age_seconds{application=\""));
        given().get(requestPath()).then().statusCode(401);
        given().get("/q/metrics").then().body(containsString("http_server_requests_seconds_bucket{"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200).body("openapi", startsWith("3."));
    }

    @Test
    public void theOpenApiDocumentSaysTheProtectedPathNeedsABearerToken() {
        JsonPath openApi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Object> operations = openApi.getMap("paths.'" + protectedPath + "'");
        assertThat(operations).as("operations of %s", protectedPath).isNotEmpty();
        for (String method : operations.keySet()) {
            List<Map<String, Object>> security = openApi.getList("paths.'" + protectedPath + "'." + method + ".security");
            assertThat(security).as("%s %s names the bearer scheme", method, protectedPath)
                    .anySatisfy(requirement -> assertThat(requirement).containsKey("bearer"));
        }
    }

    @Test
    public void appliedItsMigrationsIncludingTheOutbox() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (ResultSet migrations = connection.createStatement().executeQuery(
                    "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
                migrations.next();
                assertThat(migrations.getInt(1)).isPositive();
            }
            for (String table : List.of("outbox_event", "processed_event")) {
                try (ResultSet exists = connection.createStatement().executeQuery(
                        "SELECT to_regclass('public." + table + "') IS NOT NULL")) {
                    exists.next();
                    assertThat(exists.getBoolean(1)).as("table %s", table).isTrue();
                }
            }
        }
    }

    @Test
    public void returnsTheGatewaysRequestIdAndIgnoresOneThatDoesNotLookLikeOne() {
        given().header("X-Request-Id", "contract-req-1").get(requestPath()).then().statusCode(401)
                .header("X-Request-Id", "contract-req-1");
        given().header("X-Request-Id", "not one\"").get(requestPath()).then().statusCode(401)
                .header("X-Request-Id", nullValue());
    }

    @Test
    public void refusesCallsWithoutATokenWith401() {
        given().get(requestPath()).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType(startsWith("application/problem+json"))
                .body("type", endsWith("/problems/invalid-token"), "status", is(401));
        given().auth().oauth2("not-a-token").get(requestPath()).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .contentType(startsWith("application/problem+json"))
                .body("type", endsWith("/problems/invalid-token"));
    }

    @Test
    public void acceptsATokenOfTheRealmForTheApiAudience() {
        int status = given().auth().oauth2(KeycloakTokens.password("alice"))
                .get(requestPath()).then().extract().statusCode();
        assertThat(status).as("status with alice's token").isNotIn(401, 403).isLessThan(500);
    }

    @Test
    public void refusesATokenForAnotherAudience() {
        given().auth().oauth2(KeycloakTokens.wrongAudience("alice"))
                .get(requestPath()).then().statusCode(401);
    }

    @Test
    public void refusesATokenOfAClientTheApiDoesNotServeThoughItCarriesTheAudience() {
        given().auth().oauth2(KeycloakTokens.unexpectedClient("alice"))
                .get(requestPath()).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token"))
                .body("type", org.hamcrest.Matchers.endsWith("/invalid-token"));
    }

    @Test
    public void refusesATokenFromAnotherIssuer() {
        given().auth().oauth2(KeycloakTokens.otherIssuer())
                .get(requestPath()).then().statusCode(401);
    }

    @Test
    public void refusesAnExpiredToken() {
        given().auth().oauth2(KeycloakTokens.expired("alice"))
                .get(requestPath()).then().statusCode(401);
    }

    @Test
    public void refusesATamperedToken() {
        String token = KeycloakTokens.password("alice");
        String[] parts = token.split("\\.");
        String forgedClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                KeycloakTokens.claims(token).toString().replace("alice", "mallory")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        given().auth().oauth2(parts[0] + "." + forgedClaims + "." + parts[2])
                .get(requestPath()).then().statusCode(401);
    }
}
