package io.authcloud.notification.domain.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ActivityCursorTest {

    @Test
    void aCursorReadsBackAsTheTimeAndIdItWasMadeOf() {
        ActivityCursor cursor = new ActivityCursor(Instant.parse("2026-12-01T10:00:00.123456Z"), "sign-in-requests/1|2");

        assertThat(ActivityCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void anythingElseIsRefused() {
        String noTime = Base64.getUrlEncoder().encodeToString("yesterday|id".getBytes(StandardCharsets.UTF_8));
        String noId = Base64.getUrlEncoder().encodeToString("2026-12-01T10:00:00Z|".getBytes(StandardCharsets.UTF_8));
        for (String text : new String[] {"", "%%%", "not base64!", noTime, noId, "A".repeat(600)}) {
            assertThatThrownBy(() -> ActivityCursor.decode(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
