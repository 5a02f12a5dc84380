package io.authcloud.platform.health;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness answer within a time: UP when {@code probe} answers within {@code timeout}, DOWN (with the failure's
 * class, never its message) when it fails or does not answer in time. A paused dependency then reads DOWN at once
 * instead of holding the probe (docs/reliability.md, "Pauses").
 */
public final class TimedReadiness {

    private TimedReadiness() {
    }

    public static Uni<HealthCheckResponse> of(String name, Uni<?> probe, Duration timeout) {
        return probe.ifNoItem().after(timeout).fail()
                .map(answered -> HealthCheckResponse.up(name))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(name).down()
                        .withData("reason", failure.getClass().getSimpleName()).build());
    }
}
