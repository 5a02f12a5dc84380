package io.authcloud.platform.crypto;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;

/**
 * The two ends of a secret carried from one service to another inside an event: a compact JWE
 * (ECDH-ES+A256KW on the receiver's P-256 key, A256GCM) that only the holder of the private key opens.
 * Keys are PEM files read once, when the end is made. The receiver takes nothing but that algorithm,
 * that encryption and its own key id.
 */
public final class ServiceJwe {

    private ServiceJwe() {
    }

    /** The sending end, for the receiver's public key ({@code -----BEGIN PUBLIC KEY-----}) and key id. */
    public static Sender sender(String publicKeyFile, String keyId, String type) {
        if (!(PemKeys.publicKey(publicKeyFile, "EC") instanceof ECPublicKey key)) {
            throw new IllegalStateException(publicKeyFile + " is not a PEM-encoded EC public key");
        }
        try {
            return new Sender(new ECDHEncrypter(key), new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW,
                    EncryptionMethod.A256GCM).keyID(keyId).type(new JOSEObjectType(type)).contentType("application/json").build());
        } catch (JOSEException e) {
            throw new IllegalStateException(publicKeyFile + " is not a usable P-256 public key", e);
        }
    }

    /** The receiving end, with this service's private key (PKCS#8 PEM) and the key id senders name. */
    public static Receiver receiver(String privateKeyFile, String keyId) {
        try {
            return new Receiver(new ECDHDecrypter((ECPrivateKey) PemKeys.privateKey(privateKeyFile, "EC")), keyId);
        } catch (JOSEException | ClassCastException e) {
            throw new IllegalStateException(privateKeyFile + " is not a usable P-256 private key", e);
        }
    }

    /** Seals payloads for the receiver: made by {@link #sender}. */
    public record Sender(ECDHEncrypter encrypter, JWEHeader header) {

        public String seal(byte[] payload) {
            try {
                JWEObject jwe = new JWEObject(header, new Payload(payload));
                jwe.encrypt(encrypter);
                return jwe.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException("Could not encrypt for key " + header.getKeyID(), e);
            }
        }
    }

    /** Opens what was sealed for this service's key: made by {@link #receiver}. */
    public record Receiver(ECDHDecrypter decrypter, String keyId) {

        /** The payload, or {@link Refused} saying why not (never with anything of the payload). */
        public byte[] open(String compactJwe) throws Refused {
            JWEObject jwe;
            try {
                jwe = JWEObject.parse(compactJwe);
            } catch (ParseException e) {
                throw new Refused("not a readable JWE");
            }
            if (!JWEAlgorithm.ECDH_ES_A256KW.equals(jwe.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
                throw new Refused("encrypted with an algorithm this service does not accept");
            }
            if (!keyId.equals(jwe.getHeader().getKeyID())) {
                throw new Refused("encrypted for key " + jwe.getHeader().getKeyID() + ", not for this service's key " + keyId);
            }
            try {
                jwe.decrypt(decrypter);
            } catch (JOSEException e) {
                throw new Refused("cannot be decrypted with this service's key");
            }
            return jwe.getPayload().toBytes();
        }
    }

    /** A JWE this end does not open. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason);
        }
    }
}
