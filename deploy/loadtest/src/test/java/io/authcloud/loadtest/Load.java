package io.authcloud.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How hard a simulation pushes and for how long, and which requests are measured.
 *
 * <p>Properties:
 * <ul>
 *   <li>{@code injection} (open): {@code open} starts {@code rate} virtual users a second (an arrival rate
 *       that does not slow down when the server does: what a crowd of phones does); {@code closed} keeps
 *       {@code concurrency} virtual users busy, each starting the next request when the last one answered
 *       (for measuring the maximum rate);</li>
 *   <li>{@code rate} (each simulation says its default): virtual users started per second, open model;</li>
 *   <li>{@code concurrency} (16): virtual users at once, closed model;</li>
 *   <li>{@code expectedRate} (each simulation says its default): the rate a closed run is expected to reach,
 *       only to size the people so that no person exceeds a per-person limit;</li>
 *   <li>{@code warmupSeconds} (5): the same load before the measured window, to warm the JIT, the
 *       connection pools and the caches;</li>
 *   <li>{@code durationSeconds} (15): the measured window.</li>
 * </ul>
 *
 * <p>Warm-up and measurement are one uninterrupted injection; a virtual user started during the warm-up
 * names its requests and groups with the prefix {@value #WARMUP}, so a reader of {@code js/stats.json}
 * takes only the names without it. The run fails unless every request, warm-up included, got the status
 * it expected.
 */
final class Load {

    /** The prefix of every request and group name of the warm-up. */
    static final String WARMUP = "warmup ";

    static final boolean CLOSED = "closed".equalsIgnoreCase(Settings.string("injection", "open"));
    static final Duration WARMUP_TIME = Settings.seconds("warmupSeconds", 5);
    static final Duration DURATION = Settings.seconds("durationSeconds", 15);
    static final int CONCURRENCY = Settings.integer("concurrency", 16);

    private static final AtomicLong FIRST_USER = new AtomicLong();
    private static volatile double openRate;

    private Load() {
    }

    /** The open model's arrival rate, {@code -Drate} or the simulation's default. */
    static double rate(double fallback) {
        return Settings.decimal("rate", fallback);
    }

    /** The rate the run will make: the arrival rate (open) or the rate expected of the concurrency (closed). */
    static double plannedRate(double openFallback, double closedFallback) {
        return CLOSED ? Settings.decimal("expectedRate", closedFallback) : rate(openFallback);
    }

    /** Warm-up and measured window together. */
    static Duration runTime() {
        return WARMUP_TIME.plus(DURATION);
    }

    /**
     * Nothing to do any more: the warm-up clock starts with the first virtual user ({@link #markPhase}), not
     * when {@code before()} ends, which may be a while before Gatling injects. Kept for simulations that call it.
     */
    static void starting() {
        // The first markPhase starts the clock.
    }

    /**
     * Sets {@code phase} to the warm-up prefix or to nothing, by when the virtual user started. Open model:
     * by its number (users start evenly, so the first {@code rate × warmupSeconds} are the warm-up's, exactly);
     * closed model: whether it started within {@code warmupSeconds} of the first one.
     */
    static Session markPhase(Session session) {
        boolean warmup;
        if (CLOSED) {
            long now = System.currentTimeMillis();
            FIRST_USER.compareAndSet(0, now);
            warmup = now < FIRST_USER.get() + WARMUP_TIME.toMillis();
        } else {
            warmup = session.userId() <= Math.round(openRate * WARMUP_TIME.toMillis() / 1000.0);
        }
        return session.set("phase", warmup ? WARMUP : "");
    }

    /** The scenario injected by the chosen model for the warm-up and the measured window. */
    static PopulationBuilder inject(ScenarioBuilder scenario, double openFallbackRate) {
        openRate = rate(openFallbackRate);
        return CLOSED
                ? scenario.injectClosed(constantConcurrentUsers(CONCURRENCY).during(runTime()))
                : scenario.injectOpen(constantUsersPerSec(rate(openFallbackRate)).during(runTime()));
    }

    /** Not one request may fail. */
    static Assertion noFailures() {
        return global().failedRequests().count().is(0L);
    }

    /** One line saying what the run does, for the log. */
    static String describe(double openFallbackRate) {
        return (CLOSED ? "closed, " + CONCURRENCY + " at once" : "open, " + rate(openFallbackRate) + "/s")
                + ", warm-up " + WARMUP_TIME.toSeconds() + " s, measured " + DURATION.toSeconds() + " s";
    }
}
