package io.authcloud.notification.domain.account;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the account security page writes times: {@code {device.registeredAt.readable}} → "3 Dec 2026, 08:36 UTC". */
@TemplateExtension
public final class PageFormats {

    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private PageFormats() {
    }

    static String readable(Instant instant) {
        return instant == null ? "" : READABLE.format(instant);
    }
}
