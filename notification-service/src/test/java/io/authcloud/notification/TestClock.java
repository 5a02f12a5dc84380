package io.authcloud.notification;

import io.authcloud.testing.MutableClock;
import jakarta.inject.Singleton;

/** Replaces the system clock in tests, so grant, code and sign-in expiry move without sleeping. */
@Singleton
public class TestClock extends MutableClock {
}
