package io.authcloud.notification.domain.credentials;

import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.platform.crypto.KeyedHash;
import io.authcloud.platform.crypto.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Seals TOTP secrets at rest (bound to their credential) and hashes single-use tokens. */
@ApplicationScoped
public class CredentialSecrets {

    private final SecretBox totpSecrets;
    private final KeyedHash tokens;
    private final SecureRandom random = new SecureRandom();

    public CredentialSecrets(NotificationConfig config) {
        byte[] master = Base64.getDecoder().decode(config.secretKey());
        this.totpSecrets = new SecretBox(KeyedHash.derive(master, "totp-secret-sealing"));
        this.tokens = new KeyedHash(KeyedHash.derive(master, "notice-token-hash"));
    }

    public byte[] newTotpSecret() {
        byte[] secret = new byte[Totp.SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    public byte[] seal(UUID credentialId, byte[] totpSecret) {
        return totpSecrets.seal(totpSecret, bytes(credentialId));
    }

    public byte[] open(UUID credentialId, byte[] sealed) {
        return totpSecrets.open(sealed, bytes(credentialId));
    }

    /** A new random token (256 bits, base64url) for a "this wasn't me" link. */
    public String newToken() {
        byte[] token = new byte[32];
        random.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    public String hashToken(String token) {
        return tokens.hex("notice-token", token);
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
