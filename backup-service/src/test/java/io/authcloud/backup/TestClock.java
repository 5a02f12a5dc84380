package io.authcloud.backup;

import io.authcloud.testing.MutableClock;
import jakarta.inject.Singleton;

/** Replaces the system clock in tests, so deadlines and rate windows move without sleeping. */
@Singleton
public class TestClock extends MutableClock {
}
