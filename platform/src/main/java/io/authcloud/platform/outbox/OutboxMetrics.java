package io.authcloud.platform.outbox;

import io.authcloud.platform.scheduling.ScheduledRuns;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox's backlog as metrics: {@code authcloud_outbox_pending_events} and
 * {@code authcloud_outbox_oldest_pending_age_seconds} (0 when nothing waits). A growing age says the relay
 * cannot publish (Kafka away, a refused principal); a growing backlog with a small age says it cannot keep up.
 * Sampled from the database every {@code authcloud.outbox.metrics-interval}, by every replica (each reports the
 * same shared table: alert on the maximum, not the sum).
 */
@Startup
@ApplicationScoped
public class OutboxMetrics {

    private final Pool pool;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    public OutboxMetrics(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("authcloud.outbox.pending.events", pending, AtomicLong::get)
                .description("Events written but not yet published to Kafka").register(registry);
        Gauge.builder("authcloud.outbox.oldest.pending.age", oldestAgeSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest event not yet published (0 when none)").register(registry);
    }

    @Scheduled(every = "${authcloud.outbox.metrics-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sample() {
        return ScheduledRuns.untilTheNextRun("Sampling the outbox backlog", pool.query("""
                        SELECT count(*) AS pending,
                               coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::bigint AS oldest_age
                        FROM outbox_event WHERE published_at IS NULL""").execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong("pending"));
                    oldestAgeSeconds.set(Math.max(0, row.getLong("oldest_age")));
                }));
    }
}
