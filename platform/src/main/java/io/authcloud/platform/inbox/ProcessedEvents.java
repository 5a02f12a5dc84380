package io.authcloud.platform.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The log of events a consumer has already handled, which makes consumers idempotent: call
 * {@link #firstDelivery} inside the transaction that applies the event and skip the event when it
 * answers false. Each service creates the {@code processed_event} table in its first migration.
 */
@ApplicationScoped
public class ProcessedEvents {

    /**
     * Records that {@code consumer} handled {@code eventId} in the current transaction.
     *
     * @return true the first time, false when the event was handled before (a redelivery)
     */
    public Uni<Boolean> firstDelivery(String consumer, String eventId) {
        return Panache.getSession().flatMap(session -> session
                        .createNativeQuery("""
                                INSERT INTO processed_event (consumer, event_id, processed_at)
                                VALUES (:consumer, :eventId, now()) ON CONFLICT DO NOTHING""")
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", eventId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Whether {@code consumer} already handled {@code eventId}, for handlers with effects outside the database. */
    public Uni<Boolean> alreadyProcessed(String consumer, String eventId) {
        return Panache.getSession().flatMap(session -> session
                        .createNativeQuery("SELECT count(*) FROM processed_event WHERE consumer = :consumer AND event_id = :eventId",
                                Long.class)
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", eventId)
                        .getSingleResult())
                .map(count -> count > 0);
    }
}
