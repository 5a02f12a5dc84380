package io.authcloud.notification.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.enterprise.inject.Instance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A push or SMS mode that selects no implementation stops the start with words an operator can act on. */
@Tag("unit")
class SelectedTest {

    @Test
    void theSelectedImplementationServes() {
        Instance<String> candidates = candidates(true, "inbox gateway");
        assertThat(Selected.one(candidates, "authcloud.push.mode", "inbox", "gateways or inbox")).isEqualTo("inbox gateway");
    }

    @Test
    void aModeThatSelectsNoneNamesTheSettingAndWhatItMayBe() {
        Instance<String> candidates = candidates(false, null);
        assertThatThrownBy(() -> Selected.one(candidates, "authcloud.push.mode", "Gateway", "gateways or inbox"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("authcloud.push.mode is 'Gateway': it must be gateways or inbox");
    }

    @SuppressWarnings("unchecked")
    private static Instance<String> candidates(boolean resolvable, String bean) {
        Instance<String> candidates = mock(Instance.class);
        when(candidates.isResolvable()).thenReturn(resolvable);
        when(candidates.get()).thenReturn(bean);
        return candidates;
    }
}
