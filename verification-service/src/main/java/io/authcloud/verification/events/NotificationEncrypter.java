package io.authcloud.verification.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import io.authcloud.platform.crypto.PemKeys;
import io.authcloud.verification.config.VerificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Encrypts code deliveries for notification-service: JWE with ECDH-ES+A256KW on its P-256 public key and
 * A256GCM content encryption. Only the holder of the matching private key can read the code.
 */
@ApplicationScoped
public class NotificationEncrypter {

    static final JOSEObjectType TYPE = new JOSEObjectType("authcloud-otp+jwe");

    private final ECDHEncrypter encrypter;
    private final String keyId;
    private final ObjectMapper objectMapper;

    public NotificationEncrypter(VerificationConfig config, ObjectMapper objectMapper) {
        this.keyId = config.notificationKeyId();
        this.objectMapper = objectMapper;
        try {
            this.encrypter = new ECDHEncrypter(publicKey(config.notificationPublicKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("notification-service's public key is not a usable P-256 key", e);
        }
    }

    public String encrypt(OtpDelivery delivery) {
        try {
            JWEHeader header = new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM)
                    .keyID(keyId)
                    .type(TYPE)
                    .contentType("application/json")
                    .build();
            JWEObject jwe = new JWEObject(header, new Payload(objectMapper.writeValueAsBytes(delivery)));
            jwe.encrypt(encrypter);
            return jwe.serialize();
        } catch (JOSEException | JsonProcessingException e) {
            throw new IllegalStateException("Could not encrypt a code delivery for verification " + delivery.verificationId(), e);
        }
    }

    private static ECPublicKey publicKey(String file) {
        if (!(PemKeys.publicKey(file, "EC") instanceof ECPublicKey key)) {
            throw new IllegalStateException(file + " is not a PEM-encoded EC public key");
        }
        return key;
    }
}
