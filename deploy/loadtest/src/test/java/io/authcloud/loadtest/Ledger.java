package io.authcloud.loadtest;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What each test person (or relying party) used of a server limit, in this run and in earlier runs on the
 * same stack (kept in {@code <stateDir>/ledger.json}): the load test respects the services' limits instead
 * of lifting them, so it must know what a person may still do. A limit counted in a fixed window (a clock
 * minute or hour, as the services' Redis counters are) or in a rolling 24 hours (key releases).
 *
 * <p>The services count by their own clock; a margin of one or two uses per window covers a request that
 * leaves here just before a window ends and arrives just after. Only this machine's runs are known: a
 * person used by hand in the same window may still meet a 429.
 */
final class Ledger {

    /** How a limit's window runs. */
    enum Window {
        MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1)), ROLLING_DAY(Duration.ofDays(1));

        final Duration length;

        Window(Duration length) {
            this.length = length;
        }

        /** The uses among {@code times} that count at {@code now}. */
        long count(List<Long> times, long now) {
            long from = this == ROLLING_DAY ? now - length.toMillis() + 1 : now - Math.floorMod(now, length.toMillis());
            return times.stream().filter(time -> time >= from).count();
        }
    }

    /**
     * A server limit: {@code max} uses of {@code kind} per window, of which a run takes {@code perUse} at a
     * time (a recovery flow sends two codes), leaving {@code margin} unused.
     */
    record Limit(String kind, int max, Window window, int perUse, int margin) {

        /** How many more times the key may act now. */
        long allowance(Ledger ledger, String key, long now) {
            return Math.max(0, (max - margin - ledger.used(kind, key, window, now)) / perUse);
        }
    }

    private static final TypeReference<Map<String, Map<String, List<Long>>>> FORMAT = new TypeReference<>() {
    };

    private final Path file;
    private final Map<String, Map<String, List<Long>>> uses;
    private boolean changed;

    private Ledger(Path file, Map<String, Map<String, List<Long>>> uses) {
        this.file = file;
        this.uses = uses;
    }

    /**
     * The ledger of this stack, saved every few seconds and when the JVM exits, so that a run that crashed
     * (Gatling stops without {@code after()}) still leaves what it used for the next one.
     */
    static Ledger open() {
        Path file = Settings.stateDir().resolve("ledger.json");
        Ledger ledger;
        try {
            ledger = new Ledger(file, Files.exists(file) ? Json.MAPPER.readValue(file.toFile(), FORMAT) : new HashMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Executors.newSingleThreadScheduledExecutor(Mailbox.daemon("ledger")).scheduleWithFixedDelay(ledger::saveIfChanged,
                5, 5, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(ledger::saveIfChanged, "ledger-on-exit"));
        return ledger;
    }

    synchronized long used(String kind, String key, Window window, long now) {
        return window.count(uses.getOrDefault(kind, Map.of()).getOrDefault(key, List.of()), now);
    }

    synchronized void record(String kind, String key, int times, long now) {
        changed = true;
        List<Long> list = uses.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent(key, k -> new ArrayList<>());
        for (int i = 0; i < times; i++) {
            list.add(now);
        }
    }

    private synchronized void saveIfChanged() {
        if (changed) {
            save();
        }
    }

    /** Writes the ledger, forgetting uses older than a day and a bit. */
    synchronized void save() {
        changed = false;
        long oldest = System.currentTimeMillis() - Duration.ofHours(25).toMillis();
        uses.values().forEach(keys -> {
            keys.values().forEach(times -> times.removeIf(time -> time < oldest));
            keys.values().removeIf(List::isEmpty);
        });
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Json.MAPPER.writeValue(temporary.toFile(), uses);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
