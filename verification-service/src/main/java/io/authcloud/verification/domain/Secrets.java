package io.authcloud.verification.domain;

import io.authcloud.platform.crypto.KeyedHash;
import io.authcloud.platform.crypto.MasterSecret;
import io.authcloud.platform.crypto.SecretBox;
import io.authcloud.verification.config.VerificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * The keyed hash and the at-rest encryption of this service's secrets (one-time codes, activation
 * codes), both derived from the configured secret so that neither a database dump nor a Redis dump
 * reveals a usable code.
 */
@ApplicationScoped
public class Secrets {

    private final KeyedHash hash;
    private final SecretBox box;

    public Secrets(VerificationConfig config) {
        MasterSecret master = MasterSecret.ofBase64(config.secretKey());
        this.hash = master.keyedHash("code-hash");
        this.box = master.secretBox("activation-code-encryption");
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
        return MasterSecret.randomDigits(digits);
    }

    public byte[] randomBytes(int count) {
        return MasterSecret.randomBytes(count);
    }
}
