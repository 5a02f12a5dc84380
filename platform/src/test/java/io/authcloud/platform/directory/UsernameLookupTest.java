package io.authcloud.platform.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class UsernameLookupTest {

    @Test
    void onlyWhatCouldBeAKeycloakUsernameIsLookedUp() {
        assertThat(KeycloakDirectory.couldBeAUsername("alice")).isTrue();
        assertThat(KeycloakDirectory.couldBeAUsername("a".repeat(255))).isTrue();
        assertThat(KeycloakDirectory.couldBeAUsername("a".repeat(256))).isFalse();
        assertThat(KeycloakDirectory.couldBeAUsername("")).isFalse();
        assertThat(KeycloakDirectory.couldBeAUsername(null)).isFalse();
        assertThat(KeycloakDirectory.couldBeAUsername("ali\u0000ce")).isFalse();
        assertThat(KeycloakDirectory.couldBeAUsername("ali\ud800ce")).isFalse();
    }
}
