package io.authcloud.verification;

import io.authcloud.testing.MutableClock;
import jakarta.inject.Singleton;

/** Replaces the system clock in tests, so expiry, cool-downs and step-up age move without sleeping. */
@Singleton
public class TestClock extends MutableClock {
}
