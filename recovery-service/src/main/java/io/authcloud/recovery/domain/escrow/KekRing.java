package io.authcloud.recovery.domain.escrow;

import io.authcloud.platform.crypto.SecretBox;
import io.authcloud.recovery.config.RecoveryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The key-encryption keys: every configured one can unwrap, only the current one wraps. Rotating means
 * adding a key, making it current, letting the re-wrap job move old wraps, then removing the old key.
 */
@ApplicationScoped
public class KekRing {

    private final Map<String, SecretBox> keys = new TreeMap<>();
    private final String current;

    public KekRing(RecoveryConfig config) {
        config.kek().keys().forEach((id, base64) -> {
            byte[] key = Base64.getDecoder().decode(base64.trim());
            if (key.length != 32) {
                throw new IllegalStateException("Key-encryption key " + id + " must be 32 bytes (base64), not " + key.length);
            }
            keys.put(id, new SecretBox(key));
        });
        this.current = config.kek().current();
        if (!keys.containsKey(current)) {
            throw new IllegalStateException("The current key-encryption key " + current + " is not among the configured keys "
                    + keys.keySet());
        }
    }

    public String currentId() {
        return current;
    }

    /** Wraps with the current key. */
    public byte[] wrap(byte[] key, byte[] context) {
        return wrapWith(current, key, context);
    }

    public byte[] wrapWith(String kekId, byte[] key, byte[] context) {
        return box(kekId).seal(key, context);
    }

    public byte[] unwrap(String kekId, byte[] wrapped, byte[] context) {
        return box(kekId).open(wrapped, context);
    }

    private SecretBox box(String kekId) {
        SecretBox box = keys.get(kekId);
        if (box == null) {
            throw new IllegalStateException("Key-encryption key " + kekId + " is not configured; it is still needed to unwrap"
                    + " escrowed keys (keep it until the re-wrap job has moved them)");
        }
        return box;
    }
}
