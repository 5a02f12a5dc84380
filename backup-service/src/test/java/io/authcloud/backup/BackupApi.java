package io.authcloud.backup;

import static io.restassured.RestAssured.given;

import io.authcloud.testing.KeycloakTokens;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Speaks the backup API the way the app does, with real tokens from the local Keycloak. */
final class BackupApi {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupApi() {
    }

    /** Starts each test with fresh write quotas, so the order of tests does not matter. */
    static void forgetRateLimits(io.quarkus.redis.datasource.RedisDataSource redis) {
        // SCAN, not KEYS: the service's Redis user may run no @dangerous command.
        var keys = new ArrayList<String>();
        redis.key().scan(new KeyScanArgs().match("backup:writes:*").count(1000))
                .toIterable().forEach(keys::add);
        if (!keys.isEmpty()) {
            redis.key().del(keys.toArray(String[]::new));
        }
    }

    /** A storage account id no other test uses. */
    static String freshStorageAccount() {
        return "storage-" + UUID.randomUUID();
    }

    static byte[] randomCiphertext(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static Map<String, Object> body(byte[] ciphertext, String platform) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        body.put("keyId", "key-1");
        body.put("formatVersion", 1);
        body.put("deviceId", "phone-a");
        body.put("platform", platform);
        body.put("accountCount", 4);
        return body;
    }

    static Map<String, Object> iosBody(byte[] ciphertext) {
        return body(ciphertext, "ios");
    }

    static RequestSpecification as(String user) {
        return given().auth().oauth2(KeycloakTokens.password(user));
    }

    static String path(String provider, String storageAccount) {
        return "/v1/backups/" + provider + "/" + storageAccount;
    }

    /** Creates an iCloud backup of {@code user} and answers the response. */
    static Response create(String user, String storageAccount, byte[] ciphertext) {
        return as(user).contentType("application/json").header("If-None-Match", "*")
                .body(iosBody(ciphertext)).put(path("icloud", storageAccount));
    }

    static Response replace(String user, String storageAccount, String etag, Map<String, Object> body) {
        return as(user).contentType("application/json").header("If-Match", etag)
                .body(body).put(path("icloud", storageAccount));
    }
}
