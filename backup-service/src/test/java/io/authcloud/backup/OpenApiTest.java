package io.authcloud.backup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiTest {

    @Test
    void describesEveryEndpointWithItsProblems() {
        JsonPath openApi = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> paths = openApi.getMap("paths");
        assertThat(paths).containsKeys("/v1/backups", "/v1/backups/{provider}/{storageAccount}",
                "/v1/backups/{provider}/{storageAccount}/versions",
                "/v1/backups/{provider}/{storageAccount}/versions/{version}",
                "/v1/backups/{provider}/{storageAccount}/restore");
        String location = "paths.'/v1/backups/{provider}/{storageAccount}'";
        assertThat(openApi.getMap(location + ".put.responses")).containsKeys("200", "201", "400", "401", "403", "412", "413", "428", "429");
        assertThat(openApi.getMap(location + ".get.responses")).containsKeys("200", "304", "404", "410");
        assertThat(openApi.getMap(location + ".delete.responses")).containsKeys("204", "404", "410", "412");
        String problems = openApi.prettify();
        for (String slug : List.of("version-conflict", "precondition-required", "payload-too-large", "invalid-request",
                "backup-not-found", "backup-deleted", "rate-limited", "forbidden")) {
            assertThat(problems).as("OpenAPI mentions %s", slug).contains(slug);
        }
        assertThat(openApi.getMap("components.schemas")).containsKeys("Problem", "BackupWriteRequest");
    }
}
