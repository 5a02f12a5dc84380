package io.authcloud.notification;

import static io.restassured.RestAssured.given;

import io.authcloud.testing.KeycloakTokens;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A simulated phone: its own P-256 key pair (the private key never leaves it) and its calls to the API. */
final class Phone {

    final String user;
    final String deviceId;
    private final KeyPair keys;

    Phone(String user, String deviceId) {
        this.user = user;
        this.deviceId = deviceId;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Phone of(String user) {
        return new Phone(user, "phone-" + UUID.randomUUID());
    }

    /** The public key as a JWK, what the app sends. */
    Map<String, Object> publicJwk() {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", coordinate(key.getW().getAffineX().toByteArray()));
        jwk.put("y", coordinate(key.getW().getAffineY().toByteArray()));
        return jwk;
    }

    /** ECDSA P-256 SHA-256 over the UTF-8 bytes, JOSE form (r‖s), base64url. */
    String sign(String message) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(keys.getPrivate());
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Response register(String platform, String channel) {
        return register(platform, channel, "token-" + deviceId, null);
    }

    /** Registers (or updates) this phone's push channel with {@code pushToken}; {@code signature} may be null. */
    Response register(String platform, String channel, String pushToken, String signature) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceId", deviceId);
        body.put("platform", platform);
        body.put("pushChannel", channel);
        body.put("pushToken", pushToken);
        body.put("name", "Test phone");
        if (signature != null) {
            body.put("signature", signature);
        }
        return given().auth().oauth2(KeycloakTokens.password(user)).contentType("application/json").body(body)
                .post("/v1/devices");
    }

    /** This phone's signature of a push channel change: over {@code device:<deviceId>:<pushToken>}. */
    String signPushToken(String pushToken) {
        return sign("device:" + deviceId + ":" + pushToken);
    }

    Response requestCredential(UUID verificationId, String accountRef) {
        return requestCredential(verificationId, accountRef, publicJwk());
    }

    Response requestCredential(UUID verificationId, String accountRef, Map<String, Object> jwk) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("verificationId", verificationId.toString());
        body.put("accountRef", accountRef);
        body.put("deviceId", deviceId);
        body.put("publicKey", jwk);
        return given().auth().oauth2(KeycloakTokens.password(user)).contentType("application/json").body(body)
                .post("/v1/push-credentials");
    }

    Response notifications() {
        return given().auth().oauth2(KeycloakTokens.password(user)).get("/v1/devices/" + deviceId + "/notifications");
    }

    Response answer(String requestId, int number, boolean approve, String signature) {
        return given().auth().oauth2(KeycloakTokens.password(user)).contentType("application/json")
                .body(Map.of("deviceId", deviceId, "number", number, "approve", approve, "signature", signature))
                .post("/v1/sign-in-requests/" + requestId + "/response");
    }

    private static String coordinate(byte[] bigEndian) {
        byte[] fixed = new byte[32];
        int length = Math.min(32, bigEndian.length);
        System.arraycopy(bigEndian, bigEndian.length - length, fixed, 32 - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

}
