package io.authcloud.recovery;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key pair a recovering phone makes, as the app does: the public half goes with the start, and only
 * the phone opens the released backup key with the private half.
 */
final class PhoneKeys {

    private static final Map<String, KeyPair> BY_DEVICE = new ConcurrentHashMap<>();

    private PhoneKeys() {
    }

    /** The public JWK of {@code deviceId}'s recovery key pair (made on first use). */
    static Map<String, Object> publicJwk(String deviceId) {
        KeyPair pair = BY_DEVICE.computeIfAbsent(deviceId, ignored -> generate());
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build().toJSONObject();
    }

    /** Opens a released key with {@code deviceId}'s private key; fails for a key encrypted for another phone. */
    static byte[] open(String deviceId, String wrappedKey) {
        KeyPair pair = BY_DEVICE.get(deviceId);
        if (pair == null) {
            throw new IllegalStateException("No key pair was made on " + deviceId);
        }
        try {
            JWEObject jwe = JWEObject.parse(wrappedKey);
            jwe.decrypt(new ECDHDecrypter((ECPrivateKey) pair.getPrivate()));
            return jwe.getPayload().toBytes();
        } catch (Exception e) {
            throw new IllegalStateException("The released key does not open on " + deviceId, e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
