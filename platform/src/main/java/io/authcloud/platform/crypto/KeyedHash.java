package io.authcloud.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of secrets that must be found or checked but never stored in clear (one-time codes,
 * activation codes, single-use tokens), bound to a context so that equal values in different places
 * hash differently. Comparison is constant-time.
 */
public final class KeyedHash {

    private final SecretKeySpec key;

    public KeyedHash(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The hex HMAC of {@code value} in {@code context}. */
    public String hex(String context, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(context.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** Whether {@code candidate} hashes to {@code storedHex} in {@code context}, in constant time. */
    public boolean matches(String storedHex, String context, String candidate) {
        return MessageDigest.isEqual(storedHex.getBytes(StandardCharsets.US_ASCII),
                hex(context, candidate).getBytes(StandardCharsets.US_ASCII));
    }

    /** Derives an independent 32-byte key for one purpose from a service's master secret. */
    public static byte[] derive(byte[] masterSecret, String purpose) {
        if (masterSecret.length < 32) {
            throw new IllegalArgumentException("The master secret must hold at least 32 bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterSecret, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
