package io.authcloud.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both ends of the service-to-service JWE, with PEM files as the services read them. */
@Tag("unit")
class ServiceJweTest {

    @TempDir
    Path dir;

    @Test
    void onlyTheReceiverWithThatKeyAndKeyIdOpensWhatWasSealed() throws Exception {
        String[] receiverKeys = pemPair("receiver");
        String[] strangerKeys = pemPair("stranger");
        ServiceJwe.Sender sender = ServiceJwe.sender(receiverKeys[1], "k1", "authcloud-test+jwe");
        String sealed = sender.seal("{\"code\":\"123456\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(sealed.split("\\.")).hasSize(5);
        assertThat(sealed).doesNotContain("123456");
        assertThat(new String(ServiceJwe.receiver(receiverKeys[0], "k1").open(sealed), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":\"123456\"}");
        assertThatThrownBy(() -> ServiceJwe.receiver(receiverKeys[0], "k2").open(sealed))
                .isInstanceOf(ServiceJwe.Refused.class).hasMessageContaining("for key k1");
        assertThatThrownBy(() -> ServiceJwe.receiver(strangerKeys[0], "k1").open(sealed))
                .isInstanceOf(ServiceJwe.Refused.class).hasMessageContaining("cannot be decrypted")
                .hasMessageNotContaining("123456");
        assertThatThrownBy(() -> ServiceJwe.receiver(receiverKeys[0], "k1").open("not.a.jwe"))
                .isInstanceOf(ServiceJwe.Refused.class).hasMessageContaining("not a readable JWE");
    }

    @Test
    void aKeyFileThatIsNotAnEcKeyStopsTheStart() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> ServiceJwe.sender(junk.toString(), "k1", "t")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("junk.pem");
    }

    /** A P-256 pair as files: [private key (PKCS#8), public key (X.509)]. */
    private String[] pemPair(String name) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Path privateKey = Files.writeString(dir.resolve(name + ".pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Path publicKey = Files.writeString(dir.resolve(name + ".pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return new String[] {privateKey.toString(), publicKey.toString()};
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
