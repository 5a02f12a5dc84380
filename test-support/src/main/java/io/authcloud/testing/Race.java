package io.authcloud.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs the same kind of request many times at once, all released together, for races against a limit. */
public final class Race {

    private Race() {
    }

    /**
     * Waits, when needed, until at least {@code margin} is left before the next edge of the clock-aligned windows of
     * {@code window} (platform's {@code FixedWindow}: a limit's count starts again at each edge), so that a race
     * against such a limit is counted in one window: across an edge a burst may take the limit of both, by design.
     */
    public static void clearOfWindowEdge(Duration window, Duration margin) throws InterruptedException {
        long seconds = window.toSeconds();
        long left = seconds - Instant.now().getEpochSecond() % seconds;
        if (left < margin.toSeconds()) {
            Thread.sleep((left + 1) * 1000);
        }
    }

    /** Starts {@code runners} tasks on their own threads at the same moment and answers their results in order. */
    public static <T> List<T> of(int runners, IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(runners);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> pending = new ArrayList<>();
            for (int i = 0; i < runners; i++) {
                Callable<T> runner = task.apply(i);
                pending.add(pool.submit(() -> {
                    go.await();
                    return runner.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> result : pending) {
                results.add(result.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
