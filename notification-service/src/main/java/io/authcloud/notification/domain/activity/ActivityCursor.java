package io.authcloud.notification.domain.activity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Where a page of the timeline ends: the time and id of its last entry, opaque to the app (base64url). The
 * next page holds the entries strictly older, so entries recorded meanwhile never shift a page.
 */
public record ActivityCursor(Instant occurredAt, String id) {

    private static final int MAX_LENGTH = 512;

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((occurredAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a page's {@code next} gave; an {@link IllegalArgumentException} when it is not one. */
    public static ActivityCursor decode(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a cursor");
        }
        String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        int bar = decoded.indexOf('|');
        if (bar <= 0 || bar == decoded.length() - 1) {
            throw new IllegalArgumentException("not a cursor");
        }
        try {
            return new ActivityCursor(Instant.parse(decoded.substring(0, bar)), decoded.substring(bar + 1));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }
}
