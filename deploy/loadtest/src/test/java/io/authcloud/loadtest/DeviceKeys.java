package io.authcloud.loadtest;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A phone's P-256 key pair, as the app makes it (the simulator's DeviceKeys): the public half goes to the
 * server as a JWK, the private half signs push challenges (ECDSA P-256 / SHA-256, JOSE form r‖s, base64url).
 */
final class DeviceKeys {

    /** A new key pair: the private key (PKCS#8, base64) and the public JWK. */
    record Generated(String privateKey, Map<String, Object> publicJwk) {
    }

    private DeviceKeys() {
    }

    static Generated generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey key = (ECPublicKey) pair.getPublic();
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", coordinate(key.getW().getAffineX().toByteArray()));
            jwk.put("y", coordinate(key.getW().getAffineY().toByteArray()));
            return new Generated(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), jwk);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(String privateKey, String message) {
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(key);
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String coordinate(byte[] bigEndian) {
        byte[] fixed = new byte[32];
        int length = Math.min(32, bigEndian.length);
        System.arraycopy(bigEndian, bigEndian.length - length, fixed, 32 - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
