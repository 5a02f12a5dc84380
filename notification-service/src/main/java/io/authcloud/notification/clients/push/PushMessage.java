package io.authcloud.notification.clients.push;

import io.authcloud.platform.wire.WireName;
import io.authcloud.platform.wire.WireNameColumn;
import jakarta.persistence.Converter;
import java.util.Map;

/** A push to one device: a short visible text and the data the app acts on. */
public record PushMessage(Kind kind, String title, String body, Map<String, String> data) {

    /** What a push is about; the app reads it as {@code sign-in-request}, ... (APNs category, inbox kind). */
    public enum Kind {
        SIGN_IN_REQUEST, RECOVERY_APPROVAL, SECURITY_NOTICE;

        public String wire() {
            return WireName.of(this);
        }

        @Converter
        public static class Column extends WireNameColumn<Kind> {
            public Column() {
                super(Kind.class);
            }
        }
    }
}
