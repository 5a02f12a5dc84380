package io.authcloud.recovery.api;

import io.authcloud.recovery.domain.erasure.Erasure;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An erasure as the person follows it: SECOND_FACTOR_REQUIRED (prove {@code secondFactor}, then ERASING), EXPIRED or
 * REPLACED when it did not start, COMPLETED when all four services confirmed. {@code services} says which did.
 */
@Schema(name = "Erasure")
public record ErasureView(UUID id, Erasure.State state, Instant requestedAt, Instant expiresAt, Instant startedAt,
        Instant completedAt, List<ServiceErasure> services, SecondFactor secondFactor) {

    /** One service's part: when it confirmed it erased the person's data (null while it has not). */
    @Schema(name = "ServiceErasure")
    public record ServiceErasure(String service, Instant erasedAt) {
    }

    /** The body of {@code POST /v1/verifications} that proves the second factor, without its {@code channel}. */
    @Schema(name = "ErasureSecondFactor")
    public record SecondFactor(String purpose, UUID erasureId, String deviceId) {
    }

    static ErasureView of(Erasure e, Instant now) {
        Erasure.State state = e.stateAt(now);
        return new ErasureView(e.id, state, e.requestedAt, e.expiresAt, e.provedAt, e.completedAt,
                Erasure.SERVICES.stream().map(service -> new ServiceErasure(service, e.erasedAt(service))).toList(),
                state == Erasure.State.SECOND_FACTOR_REQUIRED ? new SecondFactor("erasure", e.id, e.deviceId) : null);
    }
}
