package io.authcloud.verification;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Makes a fresh P-256 key pair standing for notification-service's before the app starts: the public
 * half goes where the test profile points verification-service, the private half stays for the tests
 * that read codes the way notification-service does.
 */
public class NotificationKeys implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target/test-keys");
    static final Path PUBLIC = DIR.resolve("notification-jwe.pub.pem");
    static final Path PRIVATE = DIR.resolve("notification-jwe.pem");

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(DIR);
            Files.writeString(PUBLIC, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(PRIVATE, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            return Map.of("authcloud.verification.notification-public-key", PUBLIC.toString());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }

    /** Reads the private key the current app's public key belongs to. */
    static ECPrivateKey privateKey() {
        return readPrivate(PRIVATE);
    }

    /** Another key pair's private key: it must not decrypt anything meant for notification-service. */
    static ECPrivateKey strangerKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return (ECPrivateKey) generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECPrivateKey readPrivate(Path pem) {
        try {
            String base64 = Files.readString(pem).replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
