package io.authcloud.recovery;

import static io.restassured.RestAssured.given;

import io.authcloud.testing.KeycloakTokens;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Speaks the recovery API as the app does on a new phone. */
final class Recoveries {

    private Recoveries() {
    }

    static Response start(String user, String provider, String storageAccount, String deviceId, int existingAccounts) {
        return start(user, provider, storageAccount, deviceId, existingAccounts, PhoneKeys.publicJwk(deviceId));
    }

    static Response start(String user, String provider, String storageAccount, String deviceId, int existingAccounts,
            Map<String, Object> devicePublicKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("storageAccount", storageAccount);
        body.put("deviceId", deviceId);
        body.put("platform", "icloud".equals(provider) ? "ios" : "android");
        body.put("existingAccountCount", existingAccounts);
        body.put("devicePublicKey", devicePublicKey);
        return given().auth().oauth2(KeycloakTokens.password(user)).contentType("application/json").body(body)
                .post("/v1/recoveries");
    }

    static String startOk(String user, String provider, String storageAccount) {
        return start(user, provider, storageAccount, "phone-" + UUID.randomUUID(), 0).then().statusCode(201)
                .extract().path("id");
    }

    static Response declare(String user, String id, List<Map<String, String>> accounts) {
        return given().auth().oauth2(KeycloakTokens.password(user)).contentType("application/json")
                .body(Map.of("accounts", accounts)).put("/v1/recoveries/" + id + "/accounts");
    }

    static Response read(String user, String id) {
        return given().auth().oauth2(KeycloakTokens.password(user)).get("/v1/recoveries/" + id);
    }
}
