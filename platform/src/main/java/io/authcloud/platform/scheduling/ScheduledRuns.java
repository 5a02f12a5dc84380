package io.authcloud.platform.scheduling;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** What every scheduled job does with a failed run: say so, and leave the work to the next run. */
public final class ScheduledRuns {

    private ScheduledRuns() {
    }

    /** {@code run}, whose failure is logged as {@code job} failing and then swallowed. */
    public static Uni<Void> untilTheNextRun(String job, Uni<?> run) {
        return run.onFailure().invoke(e -> Log.warnf("%s failed; the next run tries again: %s", job, e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
