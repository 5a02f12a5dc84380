package io.authcloud.platform.outbox;

import io.authcloud.platform.observability.TraceParent;
import io.authcloud.platform.scheduling.ScheduledRuns;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Publishes outbox events to Kafka, oldest first, as CloudEvents in binary mode keyed by owner.
 *
 * <p>One pass runs in one database transaction holding an advisory lock, so that when several replicas
 * run, only one publishes at a time and one person's events keep their order. Events are marked
 * published only after Kafka acknowledged them ({@code acks=all}); if Kafka is down the transaction
 * rolls back and the next pass tries again. Delivery is therefore at least once, never lost. Each record
 * carries the {@code traceparent} of the transaction that wrote its event (the connector's own producer
 * tracing is off for this channel: it would start a new trace in the relay's pass instead).
 *
 * <p>A pass starts as soon as a request or consumer that wrote events is done ({@link OutboxWakeUp} calls
 * {@link #wake()}), and at least every {@code authcloud.outbox.poll-interval} as the fallback. One instance runs
 * one pass at a time: a wake-up during a pass runs one more pass after it, so wake-ups under load fold into
 * batches instead of queueing passes. A pass that finds another replica holding the lock tries again after
 * {@link #LOCK_RETRY}: that replica's pass may have read its batch before this instance's events committed.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Arbitrary constant naming the relay's advisory lock in this service's database. */
    private static final long RELAY_LOCK = 0x6f7574626f78L;
    /** A pass that takes longer has lost Kafka or the database; the next wake-up or poll starts another. */
    private static final Duration PASS_TIMEOUT = Duration.ofSeconds(30);
    /** How soon a woken pass that met another replica's lock tries again. */
    static final Duration LOCK_RETRY = Duration.ofMillis(20);
    /** What a batch answers internally when another replica holds the lock. */
    private static final int LOCK_BUSY = -1;
    private static final int MAX_BUSY_RETRIES = 25;

    private final AtomicBoolean passRunning = new AtomicBoolean();
    private final AtomicBoolean wokenDuringPass = new AtomicBoolean();
    private final AtomicInteger busyRetries = new AtomicInteger();

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final Clock clock;
    private final Vertx vertx;

    public OutboxRelay(Pool pool, @Channel("outbox") MutinyEmitter<String> emitter, OutboxConfig config, Clock clock,
            Vertx vertx) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    @Scheduled(every = "${authcloud.outbox.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = RelayDisabled.class)
    void scheduledPass() {
        wake();
    }

    /**
     * Runs a pass now, or one more after the pass that is running: events committed while a pass runs may
     * have missed its query. Returns at once; a failed pass is logged and its events wait for the next one.
     */
    public void wake() {
        if (!config.relayEnabled()) {
            return;
        }
        wokenDuringPass.set(true);
        if (passRunning.compareAndSet(false, true)) {
            runPasses();
        }
    }

    private void runPasses() {
        wokenDuringPass.set(false);
        ScheduledRuns.untilTheNextRun("The outbox relay pass (its events stay pending)",
                        publishUntilDone().ifNoItem().after(PASS_TIMEOUT).fail()
                                .invoke(published -> {
                                    // Retried for a while (not for ever: a replica stuck holding the lock is the poll's).
                                    if (published != LOCK_BUSY) {
                                        busyRetries.set(0);
                                    } else if (busyRetries.incrementAndGet() <= MAX_BUSY_RETRIES) {
                                        vertx.setTimer(LOCK_RETRY.toMillis(), id -> wake());
                                    }
                                }))
                .subscribe().with(done -> afterPass(), failure -> afterPass());
    }

    private void afterPass() {
        passRunning.set(false);
        if (wokenDuringPass.get() && passRunning.compareAndSet(false, true)) {
            runPasses();
        }
    }

    /** Publishes every pending event, batch by batch, and answers how many were published. */
    public Uni<Integer> publishPending() {
        return publishUntilDone().map(published -> Math.max(published, 0));
    }

    /** Publishes at most one batch; 0 when another replica holds the relay lock. */
    public Uni<Integer> publishBatch() {
        return attemptBatch().map(published -> Math.max(published, 0));
    }

    /** Batch after batch until one is not full; {@link #LOCK_BUSY} when the lock was busy at the first. */
    private Uni<Integer> publishUntilDone() {
        return attemptBatch().flatMap(published -> published < config.batchSize()
                ? Uni.createFrom().item(published)
                : publishUntilDone().map(more -> published + Math.max(more, 0)));
    }

    private Uni<Integer> attemptBatch() {
        return pool.withTransaction(connection -> tryLock(connection)
                .flatMap(locked -> locked ? publishLocked(connection) : Uni.createFrom().item(LOCK_BUSY)));
    }

    /** Counts the events not yet published. */
    public Uni<Long> pendingCount() {
        return pool.query("SELECT count(*) FROM outbox_event WHERE published_at IS NULL").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Hourly: published events past their retention go; a failed run (a database hiccup) is the next run's work. */
    @Scheduled(every = "1h", delayed = "1m", skipExecutionIf = RelayDisabled.class)
    Uni<Void> deleteOldPublished() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(config.retainPublished());
        return ScheduledRuns.untilTheNextRun("The outbox cleanup (published events stay a while longer)",
                pool.preparedQuery("DELETE FROM outbox_event WHERE published_at < $1")
                        .execute(Tuple.of(before))
                        .invoke(rows -> {
                            if (rows.rowCount() > 0) {
                                Log.infof("Outbox: deleted %d published events older than %s", rows.rowCount(),
                                        config.retainPublished());
                            }
                        }));
    }

    private Uni<Boolean> tryLock(SqlConnection connection) {
        return connection.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(RELAY_LOCK))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private Uni<Integer> publishLocked(SqlConnection connection) {
        return connection.preparedQuery("""
                        SELECT id, topic, record_key, event_type, subject, payload, occurred_at, traceparent
                        FROM outbox_event WHERE published_at IS NULL ORDER BY position LIMIT $1""")
                .execute(Tuple.of(config.batchSize()))
                .flatMap(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> sends = batch.stream().map(this::send).toList();
                    UUID[] ids = batch.stream().map(row -> row.getUUID("id")).toArray(UUID[]::new);
                    return Uni.join().all(sends).andFailFast()
                            .flatMap(acked -> connection
                                    .preparedQuery("DELETE FROM outbox_event WHERE id = ANY($1) AND forget_after_publish")
                                    .execute(Tuple.of(ids)))
                            .flatMap(forgotten -> connection
                                    .preparedQuery("UPDATE outbox_event SET published_at = $1 WHERE id = ANY($2)")
                                    .execute(Tuple.of(OffsetDateTime.now(clock), ids)))
                            .map(updated -> batch.size())
                            .invoke(count -> Log.debugf("Outbox: published %d events", count));
                });
    }

    private Uni<Void> send(Row row) {
        // The trace of the request that wrote the event goes on with the record: its consumers continue it.
        RecordHeaders headers = new RecordHeaders();
        String traceparent = row.getString("traceparent");
        if (traceparent != null) {
            headers.add(TraceParent.HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(config.topicPrefix().orElse("") + row.getString("topic"))
                .withKey(row.getString("record_key"))
                .withHeaders(headers)
                .build();
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(row.getUUID("id").toString())
                .withType(row.getString("event_type"))
                .withSource(URI.create(config.source()))
                .withSubject(row.getString("subject"))
                .withTimestamp(row.getOffsetDateTime("occurred_at").atZoneSameInstant(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        return emitter.sendMessage(Message.of(row.getString("payload"), Metadata.of(kafka, cloudEvent)));
    }

    /**
     * Skips scheduled passes when {@code authcloud.outbox.relay-enabled=false}, and until the application has
     * started: a slow start (a container on a busy node) would otherwise run a pass before the messaging
     * channels are wired, and fail it.
     */
    @ApplicationScoped
    public static class RelayDisabled implements Scheduled.SkipPredicate {

        private final OutboxConfig config;
        private volatile boolean started;

        public RelayDisabled(OutboxConfig config) {
            this.config = config;
        }

        void started(@Observes StartupEvent event) {
            started = true;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !started || !config.relayEnabled();
        }
    }
}
