package io.authcloud.notification.domain.credentials;

import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.platform.crypto.KeyedHash;
import io.authcloud.platform.crypto.MasterSecret;
import io.authcloud.platform.crypto.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/** Seals TOTP secrets at rest (bound to their credential) and hashes single-use tokens. */
@ApplicationScoped
public class CredentialSecrets {

    private final SecretBox totpSecrets;
    private final KeyedHash tokens;

    public CredentialSecrets(NotificationConfig config) {
        MasterSecret master = MasterSecret.ofBase64(config.secretKey());
        this.totpSecrets = master.secretBox("totp-secret-sealing");
        this.tokens = master.keyedHash("notice-token-hash");
    }

    public byte[] newTotpSecret() {
        return MasterSecret.randomBytes(Totp.SECRET_BYTES);
    }

    public byte[] seal(UUID credentialId, byte[] totpSecret) {
        return totpSecrets.seal(totpSecret, bytes(credentialId));
    }

    public byte[] open(UUID credentialId, byte[] sealed) {
        return totpSecrets.open(sealed, bytes(credentialId));
    }

    /** A new random token (256 bits, base64url) for a "this wasn't me" link. */
    public String newToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MasterSecret.randomBytes(32));
    }

    public String hashToken(String token) {
        return tokens.hex("notice-token", token);
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
