package io.authcloud.platform.inbox;

import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a consumer does with each event type it handles, registered by exact CloudEvents type; a record of
 * any other type is acknowledged and skipped (a topic carries types for other consumers too).
 *
 * @param <T> what a handler answers (for {@link EventInbox#handleWithEffect}), or {@code Void}
 */
public final class EventHandlers<T> {

    private final Map<String, Function<IncomingEvent, Uni<T>>> byType = new LinkedHashMap<>();

    public static <T> EventHandlers<T> of() {
        return new EventHandlers<>();
    }

    /** Registers the handler of one type. */
    public EventHandlers<T> on(String type, Function<IncomingEvent, Uni<T>> handler) {
        if (byType.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("Two handlers for " + type);
        }
        return this;
    }

    public boolean handles(String type) {
        return byType.containsKey(type);
    }

    /** Applies the handler of the event's type; an event of another type yields nothing. */
    public Uni<T> apply(IncomingEvent event) {
        Function<IncomingEvent, Uni<T>> handler = byType.get(event.type());
        return handler == null ? Uni.createFrom().nullItem() : handler.apply(event);
    }
}
