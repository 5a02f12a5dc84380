package io.authcloud.platform.inbox;

/**
 * A record a consumer can never apply, however often it tries: unreadable, lacking a required field, or
 * contradicting itself. It goes to the topic's dead-letter topic at once, and the consumer goes on.
 */
public class PoisonEvent extends RuntimeException {

    public PoisonEvent(String message) {
        super(message, null, false, false);
    }
}
