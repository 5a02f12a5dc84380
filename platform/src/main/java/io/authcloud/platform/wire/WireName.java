package io.authcloud.platform.wire;

import java.util.Locale;
import java.util.Optional;

/**
 * How an enum constant is spelled on the wire and in the database: lower-case words joined by hyphens
 * ({@code KEY_RELEASE} is {@code key-release}), as the API, the events and the columns spell kinds.
 */
public final class WireName {

    private WireName() {
    }

    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant spelled {@code value}, if there is one. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(value)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
