package io.authcloud.platform.inbox;

import io.authcloud.platform.erasure.ErasedSubjects;
import io.authcloud.platform.erasure.ErasureEvents;
import io.authcloud.platform.observability.Outcomes;
import io.authcloud.platform.outbox.OutboxWakeUp;
import io.authcloud.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * How every consumer handles a record: read its CloudEvents context, skip it when this consumer already
 * handled that {@code ce_id}, otherwise apply it in one transaction together with the record of having
 * handled it; then acknowledge. A failure that may pass (a lost connection, a lock timeout, a concurrent
 * insert) is retried with backoff; a record that cannot be read or applied ({@link PoisonEvent}, a
 * {@link ProblemException}), or still fails after the last try, is nacked, and the channel's failure
 * strategy sends it to the topic's dead-letter topic, counted in {@code authcloud_events_dead_lettered_total}.
 * A record that does not come from its topic's owner, or is keyed by someone else than its owner, is refused
 * before anything is applied ({@link EventOrigins}). No record is handled before the application has
 * started, and none is given up while it stops: a slow or failed start, or a stop, sends nothing to the
 * dead-letter topic (found by running the chart's pods, whose starts are slow). An event about a person this
 * service erased, written before that erasure, is acknowledged and skipped ({@link ErasedSubjects}): an event
 * in flight must not bring their data back.
 */
@ApplicationScoped
public class EventInbox {

    /** How many times a record is tried before it goes to the dead-letter topic. */
    static final int TRIES = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final ProcessedEvents processed;
    private final EventOrigins origins;
    private final Outcomes outcomes;
    private final OutboxWakeUp wakeUp;
    private final ErasedSubjects erased;
    /** Completed when the application has started: no record is handled before (the database may not be ready). */
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile boolean stopping;

    public EventInbox(ProcessedEvents processed, EventOrigins origins, Outcomes outcomes, OutboxWakeUp wakeUp,
            ErasedSubjects erased) {
        this.processed = processed;
        this.erased = erased;
        this.origins = origins;
        this.outcomes = outcomes;
        this.wakeUp = wakeUp;
    }

    void started(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        started.complete(null);
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Applies {@code handler} once per event id, in a transaction. */
    public Uni<Void> handle(String consumer, Message<String> message, Function<IncomingEvent, Uni<?>> handler) {
        return Uni.createFrom().completionStage(started).chain(() -> handleNow(consumer, message, handler));
    }

    private Uni<Void> handleNow(String consumer, Message<String> message, Function<IncomingEvent, Uni<?>> handler) {
        IncomingEvent event;
        try {
            event = trusted(message);
        } catch (RuntimeException e) {
            return nack(consumer, message, e);
        }
        return retryingTransient(() -> Panache.withTransaction(() -> processed.firstDelivery(consumer, event.id())
                        .flatMap(first -> {
                            if (!first) {
                                Log.debugf("%s: event %s already handled, skipped", consumer, event.id());
                                return Uni.createFrom().voidItem();
                            }
                            return aboutErased(consumer, event).flatMap(skip -> skip
                                    ? Uni.createFrom().voidItem()
                                    : handler.apply(event).replaceWithVoid());
                        })), FIRST_BACKOFF)
                .onItemOrFailure().transformToUni((done, failure) -> failure == null
                        ? committed(message)
                        : nack(consumer, message, failure));
    }

    /**
     * For handlers whose effect is outside the database (an email, an SMS): skips an event already
     * handled, performs {@code effect} outside any transaction, then records the outcome together with
     * the processed event id. A crash between the two repeats the effect on redelivery: at least once.
     */
    public <T> Uni<Void> handleWithEffect(String consumer, Message<String> message,
            Function<IncomingEvent, Uni<T>> effect, java.util.function.BiFunction<IncomingEvent, T, Uni<?>> record) {
        return Uni.createFrom().completionStage(started).chain(() -> handleWithEffectNow(consumer, message, effect, record));
    }

    private <T> Uni<Void> handleWithEffectNow(String consumer, Message<String> message,
            Function<IncomingEvent, Uni<T>> effect, java.util.function.BiFunction<IncomingEvent, T, Uni<?>> record) {
        IncomingEvent event;
        try {
            event = trusted(message);
        } catch (RuntimeException e) {
            return nack(consumer, message, e);
        }
        return Panache.withSession(() -> processed.alreadyProcessed(consumer, event.id())
                        .flatMap(seen -> seen ? Uni.createFrom().item(true) : aboutErased(consumer, event)))
                .flatMap(seen -> {
                    if (seen) {
                        Log.debugf("%s: event %s already handled, skipped", consumer, event.id());
                        return Uni.createFrom().voidItem();
                    }
                    // The effect retries on its own terms; recording it is retried here, so a passing
                    // database hiccup does not repeat an email.
                    return effect.apply(event).flatMap(outcome -> retryingTransient(() -> Panache.withTransaction(() -> processed
                            .firstDelivery(consumer, event.id())
                            .flatMap(first -> first ? record.apply(event, outcome).replaceWithVoid() : Uni.createFrom().voidItem())),
                            FIRST_BACKOFF));
                })
                .onItemOrFailure().transformToUni((done, failure) -> failure == null
                        ? committed(message)
                        : nack(consumer, message, failure));
    }

    /** Whether the event is about a person erased here after it was written (erasure events themselves pass). */
    private Uni<Boolean> aboutErased(String consumer, IncomingEvent event) {
        if (ErasureEvents.isErasure(event.type())) {
            return Uni.createFrom().item(false);
        }
        return erased.erasedAfter(event.key(), event.time()).invoke(skip -> {
            if (skip) {
                Log.debugf("%s: event %s is about a person erased since; skipped", consumer, event.id());
            }
        });
    }

    /** Acknowledges a handled record; the events its transaction wrote, if any, go to Kafka now. */
    private Uni<Void> committed(Message<String> message) {
        wakeUp.afterTransaction();
        return Uni.createFrom().completionStage(message.ack());
    }

    /** The record's event, when it comes from its topic's owner and is about the person its key names. */
    private IncomingEvent trusted(Message<String> message) {
        IncomingEvent event = IncomingEvent.from(message);
        origins.verify(event);
        return event;
    }

    /**
     * Subscribes to a fresh {@code attempt} up to {@link #TRIES} times while it fails in a way that may
     * pass, waiting {@code firstBackoff} and then longer (with jitter) between tries.
     */
    static <T> Uni<T> retryingTransient(Supplier<Uni<? extends T>> attempt, Duration firstBackoff) {
        return Uni.createFrom().deferred(attempt)
                .onFailure(EventInbox::mayPass).retry()
                .withBackOff(firstBackoff, firstBackoff.multipliedBy(10)).atMost(TRIES - 1);
    }

    /** A record that cannot be read or applied fails the same way every time: no point in trying again. */
    static boolean mayPass(Throwable failure) {
        return !(failure instanceof PoisonEvent || failure instanceof IllegalArgumentException
                || failure instanceof ProblemException);
    }

    /**
     * Gives up on a record: the channel's failure strategy takes it (the dead-letter topic). While the
     * service stops, a failure says nothing about the record: it is left unacknowledged, so its offset is
     * not committed and the next start handles it again.
     */
    public Uni<Void> nack(String consumer, Message<String> message, Throwable failure) {
        if (stopping) {
            Log.infof("%s: the service is stopping; the record is left for the next start (%s)", consumer, failure.getMessage());
            return Uni.createFrom().voidItem();
        }
        String reason = failure instanceof PoisonEvent poison ? poison.reason() : "failed";
        String topic = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic)
                .orElse("unknown");
        outcomes.count("events.dead.lettered", "consumer", consumer, "topic", topic, "reason", reason);
        Log.warnf("%s: record goes to the dead-letter topic (%s): %s", consumer, reason, failure.getMessage());
        return Uni.createFrom().completionStage(message.nack(failure));
    }
}
