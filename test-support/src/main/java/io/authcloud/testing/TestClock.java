package io.authcloud.testing;

import jakarta.inject.Singleton;

/**
 * Replaces the system clock in every service's tests (the platform's clock is only a default bean), so
 * deadlines, expiry, cool-downs, rate windows and the step-up age move without sleeping. After each test
 * it shows the real time again ({@link TestClockReset}).
 */
@Singleton
public class TestClock extends MutableClock {
}
