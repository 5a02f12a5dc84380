package io.authcloud.notification.domain.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authcloud.notification.domain.signin.SignInRequest;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.platform.inbox.PoisonEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The person's security timeline: entries projected from the events of every service, and this service's
 * own push sign-in answers, read newest first a page at a time.
 */
@ApplicationScoped
public class ActivityService {

    /** A page of the timeline, and where the next (older) one starts; null when this is the last. */
    public record Page(List<ActivityEntry> entries, ActivityCursor next) {
    }

    private final ObjectMapper objectMapper;
    private final Clock clock;

    public ActivityService(ObjectMapper objectMapper, Clock clock) {
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /** Records the entry of an event the timeline tracks (in the caller's transaction); others change nothing. */
    public Uni<Void> record(IncomingEvent event) {
        if (!ActivityKinds.tracks(event.type())) {
            return Uni.createFrom().voidItem();
        }
        JsonNode body;
        try {
            body = objectMapper.readTree(event.data());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEvent(event.type() + " " + event.id() + " is not JSON");
        }
        Optional<ActivityKinds.Projected> projected = ActivityKinds.project(event.type(), body, event.time());
        if (projected.isEmpty()) {
            throw new PoisonEvent(event.type() + " " + event.id() + " is not a JSON object");
        }
        ActivityKinds.Projected entry = projected.get();
        return persist(event.id(), event.key(), entry.kind(), entry.occurredAt(), entry.deviceId(), entry.details());
    }

    /**
     * Records a phone's answer to a relying party's push sign-in, in the answer's transaction (a recovery's
     * approval comes back as its event, {@code RecoveryApprovalAnswered}).
     */
    public Uni<Void> recordSignInAnswer(SignInRequest request, String reason) {
        ObjectNode details = objectMapper.createObjectNode()
                .put("requestId", request.id.toString())
                .put("application", request.application)
                .put("accountRef", request.accountRef)
                // As a recovery's approval answer says it (RecoveryApprovalAnswered): APPROVED or DENIED.
                .put("outcome", request.status.name())
                .put("reason", reason);
        if (request.tenant != null) {
            details.put("tenant", request.tenant);
        }
        return persist("sign-in-requests/" + request.id, request.owner, ActivityKinds.PUSH_SIGN_IN_ANSWERED,
                request.answeredAt, request.deviceId, details);
    }

    /** Up to {@code limit} entries of {@code owner}, newest first, older than {@code before} when given. */
    public Uni<Page> page(String owner, int limit, ActivityCursor before) {
        return Panache.withSession(() -> {
            PanacheQuery<ActivityEntry> query = before == null
                    ? ActivityEntry.find("owner = ?1 order by occurredAt desc, id desc", owner)
                    : ActivityEntry.find("owner = ?1 and (occurredAt < ?2 or (occurredAt = ?2 and id < ?3))"
                            + " order by occurredAt desc, id desc", owner, before.occurredAt(), before.id());
            return query.range(0, limit).list();
        }).map(found -> {
            List<ActivityEntry> entries = found.size() > limit ? found.subList(0, limit) : found;
            ActivityEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            return new Page(entries, found.size() > limit ? new ActivityCursor(last.occurredAt, last.id) : null);
        });
    }

    private Uni<Void> persist(String id, String owner, String kind, Instant occurredAt, String deviceId, ObjectNode details) {
        ActivityEntry entry = new ActivityEntry();
        entry.id = id;
        entry.owner = owner;
        entry.kind = kind;
        // The database keeps microseconds: a cursor made from a read entry must name it exactly.
        entry.occurredAt = (occurredAt != null ? occurredAt : clock.instant()).truncatedTo(ChronoUnit.MICROS);
        entry.deviceId = deviceId;
        entry.details = details.toString();
        entry.recordedAt = clock.instant();
        return entry.persist().replaceWithVoid();
    }
}
