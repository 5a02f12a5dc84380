package io.authcloud.notification.config;

import jakarta.enterprise.inject.Instance;

/** The one implementation a setting selects (push gateway, SMS sender); a value that selects none stops the start. */
public final class Selected {

    private Selected() {
    }

    /** The bean {@code property = value} selects among {@code candidates}; {@code allowed} names the values that select one. */
    public static <T> T one(Instance<T> candidates, String property, String value, String allowed) {
        if (!candidates.isResolvable()) {
            throw new IllegalStateException(property + " is '" + value + "': it must be " + allowed);
        }
        return candidates.get();
    }
}
