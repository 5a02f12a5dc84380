package io.authcloud.recovery;

import io.authcloud.testing.MutableClock;
import jakarta.inject.Singleton;

/** Replaces the system clock in tests, so session expiry and the step-up age move without sleeping. */
@Singleton
public class TestClock extends MutableClock {
}
