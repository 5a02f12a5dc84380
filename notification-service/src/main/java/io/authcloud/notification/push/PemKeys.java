package io.authcloud.notification.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads PKCS#8 PEM private keys, as Apple (.p8) and Google (service accounts) hand them out. */
public final class PemKeys {

    private PemKeys() {
    }

    public static PrivateKey privateKey(String file, String algorithm) {
        try {
            String base64 = Files.readString(Path.of(file))
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 PEM " + algorithm + " private key", e);
        }
    }
}
