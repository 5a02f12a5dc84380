package io.authcloud.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** AES-256-GCM wraps (escrowed keys, sealed TOTP secrets): what opens and what never does. */
@Tag("unit")
class SecretBoxTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSealedSecretOpensWithItsKeyAndItsAssociatedData() {
        SecretBox box = new SecretBox(key());
        byte[] sealed = box.seal(bytes("backup key"), bytes("alice/icloud/storage/key-1"));
        assertThat(new String(box.open(sealed, bytes("alice/icloud/storage/key-1")), StandardCharsets.UTF_8)).isEqualTo("backup key");
    }

    @Test
    void movedToAnotherRowOrTamperedWithItNeverOpens() {
        SecretBox box = new SecretBox(key());
        byte[] sealed = box.seal(bytes("backup key"), bytes("alice/icloud/storage/key-1"));
        assertThatThrownBy(() -> box.open(sealed, bytes("bob/icloud/storage/key-1"))).isInstanceOf(SecretBox.SecretBoxException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> box.open(sealed, bytes("alice/icloud/storage/key-1"))).isInstanceOf(SecretBox.SecretBoxException.class);
        assertThatThrownBy(() -> new SecretBox(key()).open(box.seal(bytes("x"), bytes("ad")), bytes("ad")))
                .isInstanceOf(SecretBox.SecretBoxException.class);
    }

    @Test
    void theSameSecretSealsDifferentlyEachTime() {
        SecretBox box = new SecretBox(key());
        assertThat(box.seal(bytes("same"), bytes("ad"))).isNotEqualTo(box.seal(bytes("same"), bytes("ad")));
    }
}
