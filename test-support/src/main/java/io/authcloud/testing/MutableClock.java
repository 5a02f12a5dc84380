package io.authcloud.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs with real time plus an offset tests move, so rules about expiry are tested without
 * sleeping while time still passes between requests (as it does for the tokens Keycloak signs).
 */
public class MutableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    /** Back to the real time; call it after each test that moved the clock. */
    public void reset() {
        offset = Duration.ZERO;
    }

    /** Makes the clock read {@code instant} now, then run on from there. */
    public void set(Instant instant) {
        offset = Duration.between(Instant.now(), instant);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The test clock is always UTC");
    }
}
