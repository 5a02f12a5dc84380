package io.authcloud.verification.domain;

import io.authcloud.platform.crypto.KeyedHash;
import io.authcloud.platform.crypto.SecretBox;
import io.authcloud.verification.config.VerificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The keyed hash and the at-rest encryption of this service's secrets (one-time codes, activation
 * codes), both derived from the configured secret so that neither a database dump nor a Redis dump
 * reveals a usable code.
 */
@ApplicationScoped
public class Secrets {

    private final KeyedHash hash;
    private final SecretBox box;
    private final SecureRandom random = new SecureRandom();

    public Secrets(VerificationConfig config) {
        byte[] master = Base64.getDecoder().decode(config.secretKey());
        this.hash = new KeyedHash(KeyedHash.derive(master, "code-hash"));
        this.box = new SecretBox(KeyedHash.derive(master, "activation-code-encryption"));
    }

    /** The keyed hash (hex) of a value in a context, e.g. a code within its verification. */
    public String hash(String context, String value) {
        return hash.hex(context, value);
    }

    /** Compares a stored hash with the hash of a candidate in constant time. */
    public boolean matches(String storedHash, String context, String candidate) {
        return hash.matches(storedHash, context, candidate);
    }

    public byte[] encrypt(String plaintext) {
        return box.seal(plaintext.getBytes(StandardCharsets.UTF_8), null);
    }

    public String decrypt(byte[] sealed) {
        return new String(box.open(sealed, null), StandardCharsets.UTF_8);
    }

    /** A uniformly random string of {@code digits} decimal digits, from a CSPRNG. */
    public String randomDigits(int digits) {
        int bound = (int) Math.pow(10, digits);
        return String.format("%0" + digits + "d", random.nextInt(bound));
    }

    public byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
