package io.authcloud.notification.domain.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.platform.crypto.PemKeys;
import io.authcloud.platform.inbox.PoisonEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;

/**
 * Opens the JWE of a code delivery request with this service's private key. Anything else (another
 * key id, another algorithm, a tampered token) is refused, and the request goes to the dead-letter topic.
 */
@ApplicationScoped
public class CodeDecrypter {

    private final ECDHDecrypter decrypter;
    private final String keyId;
    private final ObjectMapper objectMapper;

    public CodeDecrypter(NotificationConfig config, ObjectMapper objectMapper) {
        this.keyId = config.jweKeyId();
        this.objectMapper = objectMapper;
        try {
            this.decrypter = new ECDHDecrypter((ECPrivateKey) PemKeys.privateKey(config.jwePrivateKey(), "EC"));
        } catch (JOSEException e) {
            throw new IllegalStateException("The configured JWE key is not a usable P-256 private key", e);
        }
    }

    public OtpDelivery decrypt(String compactJwe) {
        try {
            JWEObject jwe = JWEObject.parse(compactJwe);
            if (!JWEAlgorithm.ECDH_ES_A256KW.equals(jwe.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
                throw new UndeliverableRequest("The delivery request uses an algorithm this service does not accept");
            }
            if (!keyId.equals(jwe.getHeader().getKeyID())) {
                throw new UndeliverableRequest("The delivery request is encrypted for key " + jwe.getHeader().getKeyID()
                        + ", not for this service's key " + keyId);
            }
            jwe.decrypt(decrypter);
            return objectMapper.readValue(jwe.getPayload().toBytes(), OtpDelivery.class);
        } catch (ParseException | IOException e) {
            throw new UndeliverableRequest("The delivery request is not a readable JWE");
        } catch (JOSEException e) {
            throw new UndeliverableRequest("The delivery request cannot be decrypted with this service's key");
        }
    }

    /** A request that no retry can deliver. */
    public static class UndeliverableRequest extends PoisonEvent {
        public UndeliverableRequest(String message) {
            super(message);
        }
    }
}
