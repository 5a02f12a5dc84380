package io.authcloud.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Where a code went, shown without giving the address away. */
@Tag("unit")
class DestinationMaskTest {

    @Test
    void anEmailKeepsTheFirstAndLastLetterAndTheDomain() {
        assertThat(DestinationMask.email("alice@example.test")).isEqualTo("a***e@example.test");
        assertThat(DestinationMask.email("a@example.test")).isEqualTo("a***@example.test");
        assertThat(DestinationMask.email("no-at-sign")).isEqualTo("***");
    }

    @Test
    void aPhoneNumberKeepsItsCountryCodeAndLastTwoDigits() {
        assertThat(DestinationMask.phone("+15550100001")).isEqualTo("+1 *** *** **01");
        assertThat(DestinationMask.phone("+44 20 7946 0958")).isEqualTo("+44 *** *** **58");
        assertThat(DestinationMask.phone("+7 912 345 67 89")).isEqualTo("+7 *** *** **89");
        assertThat(DestinationMask.phone("123")).isEqualTo("***");
    }

    @Test
    void theChannelSaysWhichMaskApplies() {
        assertThat(DestinationMask.of("email", "bob@example.test")).isEqualTo("b***b@example.test");
        assertThat(DestinationMask.of("sms", "+15550100001")).isEqualTo("+1 *** *** **01");
    }
}
