package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiTest {

    @Test
    void describesEveryEndpointAndProblem() {
        JsonPath openApi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(openApi.getMap("paths")).containsKeys("/v1/devices", "/v1/devices/{deviceId}/notifications",
                "/v1/devices/{deviceId}", "/v1/push-credentials", "/v1/push-credentials/{id}", "/v1/push-credentials/not-me",
                "/v1/sign-in-requests", "/v1/sign-in-requests/{id}", "/v1/sign-in-requests/{id}/response",
                "/v1/sign-ins/verify-code");
        String text = openApi.prettify();
        for (String slug : List.of("proof-already-used", "verification-pending", "verification-expired", "code-invalid",
                "number-mismatch", "signature-invalid", "sign-in-request-expired", "rate-limited", "forbidden", "invalid-request",
                "verification-locked")) {
            assertThat(text).contains(slug);
        }
    }
}
