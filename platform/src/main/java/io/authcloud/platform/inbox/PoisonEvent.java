package io.authcloud.platform.inbox;

/**
 * A record a consumer can never apply, however often it tries: unreadable, lacking a required field, or
 * contradicting itself. It goes to the topic's dead-letter topic at once, and the consumer goes on.
 */
public class PoisonEvent extends RuntimeException {

    /** Why, as the {@code reason} tag of {@code authcloud_events_dead_lettered_total}: a handful of fixed words. */
    private final String reason;

    /** A record that cannot be read or applied ({@code unreadable}). */
    public PoisonEvent(String message) {
        this("unreadable", message);
    }

    public PoisonEvent(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
