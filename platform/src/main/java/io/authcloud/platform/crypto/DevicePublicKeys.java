package io.authcloud.platform.crypto;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import io.authcloud.platform.problem.FieldError;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Device public keys: a P-256 public JWK, nothing else (no other curve, no RSA, no private part); checks
 * of the device's signatures (ECDSA P-256 with SHA-256 in JOSE form: r‖s, 64 bytes, base64url); and
 * secrets encrypted so that only the device can open them (JWE, ECDH-ES+A256KW / A256GCM).
 */
public final class DevicePublicKeys {

    private DevicePublicKeys() {
    }

    /**
     * Reads and checks a public key sent as a JWK object.
     *
     * @return the canonical public JWK (JSON) to store
     */
    public static String canonical(Map<String, Object> jwk) {
        return canonical("publicKey", jwk);
    }

    /** As {@link #canonical(Map)}, naming {@code field} in the answer to a bad key. */
    public static String canonical(String field, Map<String, Object> jwk) {
        ECKey key = parse(field, jwk);
        return key.toPublicJWK().toJSONString();
    }

    /**
     * Encrypts {@code secret} for the device holding the private half of {@code storedJwk}: a compact JWE
     * ({@code ECDH-ES+A256KW}, {@code A256GCM}) that nobody else, the server included, can open.
     */
    public static String encryptFor(String storedJwk, byte[] secret, String type) {
        try {
            ECKey key = ECKey.parse(storedJwk);
            JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM)
                    .type(new JOSEObjectType(type)).build(), new Payload(secret));
            jwe.encrypt(new ECDHEncrypter(key));
            return jwe.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("A secret could not be encrypted for a stored device key", e);
        }
    }

    public static ECPublicKey publicKey(String storedJwk) {
        try {
            return ECKey.parse(storedJwk).toECPublicKey();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("A stored device key is unreadable", e);
        }
    }

    /** Whether {@code signature} (JOSE form, base64url) signs the UTF-8 bytes of {@code message} with {@code key}. */
    public static boolean verifies(ECPublicKey key, String message, String signature) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != 64) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(raw);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static ECKey parse(String field, Map<String, Object> jwk) {
        if (jwk == null || jwk.isEmpty()) {
            throw invalid(field, "is required: the device's P-256 public key as a JWK");
        }
        if (!"EC".equals(jwk.get("kty"))) {
            throw invalid(field, "must be an EC key (kty EC)");
        }
        if (!"P-256".equals(jwk.get("crv"))) {
            throw invalid(field, "must be on the P-256 curve (crv P-256)");
        }
        if (jwk.containsKey("d")) {
            throw invalid(field, "must not contain the private key: it never leaves the device");
        }
        try {
            ECKey key = ECKey.parse(jwk);
            if (!Curve.P_256.equals(key.getCurve())) {
                throw invalid(field, "must be on the P-256 curve (crv P-256)");
            }
            key.toECPublicKey();
            return key;
        } catch (ParseException | JOSEException e) {
            throw invalid(field, "is not a valid P-256 public key (x and y must be a point of the curve)");
        }
    }

    private static ProblemException invalid(String field, String message) {
        List<FieldError> errors = List.of(new FieldError(field, message));
        return new ProblemException(Problem.of(ProblemType.INVALID_REQUEST, "Some fields are not valid: " + field + " "
                + message + ".").with("errors", errors));
    }
}
