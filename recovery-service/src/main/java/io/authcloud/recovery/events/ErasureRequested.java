package io.authcloud.recovery.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The person proved an erasure: {@code services} (those that have not confirmed yet) delete everything they hold
 * about {@code owner} and confirm on their own topic. Written again for the services still missing after a while.
 */
public record ErasureRequested(UUID erasureId, String owner, List<String> services, Instant requestedAt) {
}
