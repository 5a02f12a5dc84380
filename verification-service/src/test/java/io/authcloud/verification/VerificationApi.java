package io.authcloud.verification;

import static io.restassured.RestAssured.given;

import io.authcloud.testing.KeycloakTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

/** Speaks the verification API as the app does on a new phone. */
final class VerificationApi {

    private VerificationApi() {
    }

    /** Starts each test with fresh per-person and per-destination counters. */
    static void forgetRateLimits(RedisDataSource redis) {
        for (String pattern : new String[] {"verification:sends:*", "verification:failures:*"}) {
            // SCAN, not KEYS: the service's Redis user may run no @dangerous command.
            var keys = new ArrayList<String>();
            redis.key().scan(new KeyScanArgs().match(pattern).count(1000))
                    .toIterable().forEach(keys::add);
            if (!keys.isEmpty()) {
                redis.key().del(keys.toArray(String[]::new));
            }
        }
    }

    static Map<String, Object> startBody(String channel) {
        return Map.of("recoveryId", UUID.randomUUID().toString(), "accountRef", "personal-" + UUID.randomUUID(),
                "deviceId", "phone-b", "channel", channel);
    }

    /** The second factor of recovery {@code recoveryId} before its backup key is released: no account. */
    static Map<String, Object> keyReleaseBody(String recoveryId) {
        return Map.of("purpose", "key-release", "recoveryId", recoveryId, "deviceId", "phone-b", "channel", "email");
    }

    static Response startKeyRelease(String token, String recoveryId) {
        return given().auth().oauth2(token).contentType("application/json").body(keyReleaseBody(recoveryId))
                .post("/v1/verifications");
    }

    /** Starts a verification with a fresh interactive sign-in, as the app does after step-up. */
    static Response start(String token, String channel) {
        return given().auth().oauth2(token).contentType("application/json").body(startBody(channel))
                .post("/v1/verifications");
    }

    static String startOk(String token, String channel) {
        return start(token, channel).then().statusCode(201).extract().path("id");
    }

    static Response submit(String user, String id, String code) {
        return given().auth().oauth2(KeycloakTokens.password(user)).contentType("application/json")
                .body(Map.of("code", code)).post("/v1/verifications/" + id + "/otp");
    }

    static Response resend(String user, String id) {
        return given().auth().oauth2(KeycloakTokens.password(user)).post("/v1/verifications/" + id + "/resend");
    }

    /** A 6-digit code different from {@code code}. */
    static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }
}
