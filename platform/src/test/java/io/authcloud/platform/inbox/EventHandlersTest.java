package io.authcloud.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A consumer's handlers: one per exact type, other types skipped. */
@Tag("unit")
class EventHandlersTest {

    private static IncomingEvent event(String type, String data) {
        return new IncomingEvent("id-1", type, "/authcloud/test", "things/1", Instant.now(), "things", "owner", data);
    }

    @Test
    void eachTypeGoesToItsOwnHandlerAndOthersAreSkipped() {
        EventHandlers<String> handlers = EventHandlers.<String>of()
                .on("io.authcloud.test.Stored", e -> Uni.createFrom().item("stored " + e.subject()))
                .on("io.authcloud.test.Deleted", e -> Uni.createFrom().item("deleted"));
        assertThat(handlers.apply(event("io.authcloud.test.Stored", "{}")).await().indefinitely()).isEqualTo("stored things/1");
        assertThat(handlers.apply(event("io.authcloud.other.Stored", "{}")).await().indefinitely()).isNull();
        assertThat(handlers.handles("io.authcloud.test.Deleted")).isTrue();
        assertThat(handlers.handles("Deleted")).isFalse();
    }

    @Test
    void aTypeHasOneHandler() {
        assertThatThrownBy(() -> EventHandlers.<Void>of().on("t", e -> Uni.createFrom().voidItem())
                .on("t", e -> Uni.createFrom().voidItem())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnreadableBodyOrAMissingFieldIsAPoisonEvent() {
        assertThatThrownBy(() -> event("t", "{not json").read(new com.fasterxml.jackson.databind.ObjectMapper(), java.util.Map.class))
                .isInstanceOf(PoisonEvent.class).hasMessageContaining("id-1");
        assertThatThrownBy(() -> event("t", "{}").require("owner", " ")).isInstanceOf(PoisonEvent.class);
        event("t", "{}").require("owner", 3);
    }
}
