package io.authcloud.platform.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A service's configured master secret (base64, at least 32 bytes) and the keys derived from it, one per
 * purpose, so that a key never serves two purposes; and the CSPRNG the service draws its secrets from.
 */
public final class MasterSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;

    private MasterSecret(byte[] secret) {
        this.secret = secret;
    }

    public static MasterSecret ofBase64(String base64) {
        return new MasterSecret(Base64.getDecoder().decode(base64));
    }

    /** The keyed hash of one purpose. */
    public KeyedHash keyedHash(String purpose) {
        return new KeyedHash(KeyedHash.derive(secret, purpose));
    }

    /** The at-rest encryption of one purpose. */
    public SecretBox secretBox(String purpose) {
        return new SecretBox(KeyedHash.derive(secret, purpose));
    }

    /** {@code count} bytes from the CSPRNG. */
    public static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A uniformly random string of {@code digits} decimal digits (at most 9), from the CSPRNG. */
    public static String randomDigits(int digits) {
        int bound = (int) Math.pow(10, digits);
        return String.format("%0" + digits + "d", RANDOM.nextInt(bound));
    }
}
