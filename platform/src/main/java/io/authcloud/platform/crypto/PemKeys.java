package io.authcloud.platform.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads PEM key files: PKCS#8 private keys (as Apple's .p8 and Google's service accounts hand them out,
 * and notification-service's JWE key) and X.509 public keys. Read once, when the bean that needs the key
 * starts, never per request.
 */
public final class PemKeys {

    private PemKeys() {
    }

    /** A {@code -----BEGIN PRIVATE KEY-----} file of the given algorithm ({@code EC}, {@code RSA}). */
    public static PrivateKey privateKey(String file, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 PEM " + algorithm + " private key", e);
        }
    }

    /** A {@code -----BEGIN PUBLIC KEY-----} file of the given algorithm. */
    public static PublicKey publicKey(String file, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a PEM " + algorithm + " public key", e);
        }
    }

    private static byte[] der(String file, String label) {
        try {
            String base64 = Files.readString(Path.of(file))
                    .replaceAll("-----(BEGIN|END) " + label + "-----", "")
                    .replaceAll("\\s", "");
            return Base64.getDecoder().decode(base64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file, e);
        }
    }
}
