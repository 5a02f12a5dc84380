package io.authcloud.notification;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/**
 * What notification-service needs from outside, made for the tests: WireMock standing in for the parties
 * that cannot be reached from here (SMS provider, APNs, FCM and Google's token endpoint), and fresh keys:
 * the service's own JWE key pair, an APNs signing key and an FCM service-account key.
 */
public class ThirdParties implements QuarkusTestResourceLifecycleManager {

    static final Path KEYS = Path.of("target/test-keys");
    static final Path JWE_PUBLIC = KEYS.resolve("notification-jwe.pub.pem");
    static final Path APNS_PUBLIC = KEYS.resolve("apns.pub.pem");
    static final Path FCM_PUBLIC = KEYS.resolve("fcm.pub.pem");

    private WireMockServer wireMock;

    @Override
    public Map<String, String> start() {
        wireMock = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        writePair("EC", "secp256r1", KEYS.resolve("notification-jwe.pem"), JWE_PUBLIC);
        writePair("EC", "secp256r1", KEYS.resolve("apns.pem"), APNS_PUBLIC);
        writePair("RSA", null, KEYS.resolve("fcm.pem"), FCM_PUBLIC);
        String base = wireMock.baseUrl();
        return Map.of(
                "quarkus.rest-client.sms-provider.url", base,
                "quarkus.rest-client.apns.url", base,
                "quarkus.rest-client.fcm.url", base,
                "authcloud.push.fcm.token-uri", base + "/token",
                "authcloud.push.apns.private-key-file", KEYS.resolve("apns.pem").toString(),
                "authcloud.push.fcm.private-key-file", KEYS.resolve("fcm.pem").toString());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(wireMock, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (wireMock != null) {
            wireMock.stop();
        }
    }

    private static void writePair(String algorithm, String curve, Path privateFile, Path publicFile) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(2048);
            }
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privateFile.getParent());
            Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
