package io.authcloud.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Whom a consumer believes: a record only from its topic's owner, about the person its key names. */
@Tag("unit")
class EventOriginsTest {

    private static final String ALICE = "7028620f-dcf7-4f4c-ae5c-0b2a32e41cdf";
    private static final String BODY = "{\"owner\":\"" + ALICE + "\",\"verificationId\":\"v-1\"}";

    private final EventOrigins origins = origins(Optional.of("test."));

    @Test
    void aRecordFromTheTopicsOwnerAboutItsKeyIsBelieved() {
        assertThatCode(() -> origins.verify(event("test.verification-events", "/authcloud/verification-service", ALICE, BODY)))
                .doesNotThrowAnyException();
        assertThatCode(() -> origins(Optional.empty())
                .verify(event("notification-requests", "/authcloud/verification-service", ALICE, BODY)))
                .doesNotThrowAnyException();
    }

    @Test
    void aRecordFromAnotherServiceIsRefusedAsWrongSource() {
        assertRefused(event("test.verification-events", "/authcloud/backup-service", ALICE, BODY), "wrong-source");
        assertRefused(event("test.verification-events", "/authcloud/verification-service-but-not", ALICE, BODY), "wrong-source");
        assertRefused(event("test.unknown-topic", "/authcloud/verification-service", ALICE, BODY), "wrong-source");
        assertRefused(event(null, "/authcloud/verification-service", ALICE, BODY), "wrong-source");
    }

    @Test
    void aRecordKeyedBySomeoneElseOrWithoutOwnerIsRefusedAsWrongKey() {
        assertRefused(event("test.verification-events", "/authcloud/verification-service", "someone-else", BODY), "wrong-key");
        assertRefused(event("test.verification-events", "/authcloud/verification-service", null, BODY), "wrong-key");
        assertRefused(event("test.verification-events", "/authcloud/verification-service", ALICE, "{\"verificationId\":1}"),
                "wrong-key");
        assertRefused(event("test.verification-events", "/authcloud/verification-service", ALICE, "{\"owner\":42}"), "wrong-key");
    }

    @Test
    void anUnreadableBodyIsUnreadable() {
        assertRefused(event("test.verification-events", "/authcloud/verification-service", ALICE, "not json"), "unreadable");
    }

    @Test
    void theRefusalSaysNeitherTheForgedSourceNorTheKey() {
        assertThatThrownBy(() -> origins.verify(event("test.verification-events", "/authcloud/evil\nFAKE LOG LINE", ALICE, BODY)))
                .hasMessageNotContaining("evil").hasMessageNotContaining("FAKE");
        assertThatThrownBy(() -> origins.verify(event("test.verification-events", "/authcloud/verification-service",
                "someone-else", BODY))).hasMessageNotContaining("someone-else").hasMessageNotContaining(ALICE);
    }

    private void assertRefused(IncomingEvent event, String reason) {
        assertThatThrownBy(() -> origins.verify(event)).isInstanceOf(PoisonEvent.class)
                .satisfies(failure -> assertThat(((PoisonEvent) failure).reason()).isEqualTo(reason));
    }

    private static IncomingEvent event(String topic, String source, String key, String data) {
        return new IncomingEvent("e-1", "io.authcloud.verification.VerificationSucceeded", source, "verifications/v-1",
                Instant.now(), topic, key, data);
    }

    private static EventOrigins origins(Optional<String> topicPrefix) {
        EventOriginsConfig owners = () -> Map.of("verification-events", "verification-service",
                "notification-requests", "verification-service");
        return new EventOrigins(owners, new OutboxConfig() {
            @Override
            public String source() {
                return "/authcloud/recovery-service";
            }

            @Override
            public boolean relayEnabled() {
                return false;
            }

            @Override
            public Optional<String> topicPrefix() {
                return topicPrefix;
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(1);
            }

            @Override
            public int batchSize() {
                return 1;
            }

            @Override
            public Duration retainPublished() {
                return Duration.ofDays(1);
            }
        }, new ObjectMapper());
    }
}
