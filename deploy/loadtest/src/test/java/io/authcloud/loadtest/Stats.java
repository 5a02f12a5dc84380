package io.authcloud.loadtest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The run's numbers as JSON, in the layout of the {@code js/stats.json} that Gatling wrote up to 3.11
 * (Gatling 3.15 writes only the HTML report and a binary log): each request name and each group with its
 * counts (total, ok, ko), min, max, mean, standard deviation, percentiles 50/75/95/99 and requests a second,
 * each for all, OK and KO answers. Requests a second are the count over the window the name belongs to: the
 * measured window ({@code durationSeconds}), the warm-up for "warmup " names, the whole run for All Requests;
 * a virtual user's phase is the one it started in. Requests inside a group are under the group's {@code contents}, as
 * Gatling's were; a group's time is the sum of its requests' response times (Gatling's default, cumulated
 * response time), so pauses and waiting for mail are not in it.
 *
 * <p>Written after the run to {@code <run folder>/js/stats.json}, next to Gatling's report of the same run
 * ({@code deploy/loadtest/target/gatling/<simulation>-<timestamp>/}); the path is printed. Warm-up names
 * start with {@value Load#WARMUP}. Property: {@code authcloud.results}, Gatling's results folder (the pom
 * sets it; default target/gatling).
 */
final class Stats {

    private record Sample(long start, int millis, boolean ok) {
    }

    /** One request name or group: its samples, and the requests inside it for a group. */
    private static final class Series {
        final String name;
        final boolean group;
        final List<Sample> samples = new ArrayList<>();
        final Map<String, Series> contents = new LinkedHashMap<>();

        Series(String name, boolean group) {
            this.name = name;
            this.group = group;
        }

        synchronized void add(Sample sample) {
            samples.add(sample);
        }
    }

    private final String simulation;
    private final long created = System.currentTimeMillis();
    private final Series root = new Series("All Requests", true);
    private final Map<String, Series> index = new ConcurrentHashMap<>();

    Stats(Class<?> simulation) {
        this.simulation = simulation.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** A request's answer: {@code group} is null outside a group. */
    void request(String group, String name, long start, int millis, boolean ok) {
        Sample sample = new Sample(start, millis, ok);
        series(group == null ? name : group + "\u0000" + name, group, name, false).add(sample);
        root.add(sample);
    }

    /** A group's run: the sum of its requests' response times, OK when all of them were. */
    void group(String group, long start, int cumulatedMillis, boolean ok) {
        series(group, null, group, true).add(new Sample(start, cumulatedMillis, ok));
    }

    private Series series(String key, String parent, String name, boolean group) {
        Series found = index.get(key);
        if (found != null) {
            return found;
        }
        // The container first: a mapping function must not touch the map it runs in.
        Series container = parent == null ? root : series(parent, null, parent, true);
        synchronized (container.contents) {
            return index.computeIfAbsent(key, k -> {
                Series created = new Series(name, group);
                container.contents.put(name, created);
                return created;
            });
        }
    }

    /** Writes {@code js/stats.json} into this run's Gatling folder (or {@code target/gatling}); answers where. */
    Path write() {
        Path folder = runFolder().map(run -> run.resolve("js")).orElse(resultsRoot());
        Path file = folder.resolve(runFolder().isPresent() ? "stats.json" : simulation + "-stats.json");
        try {
            Files.createDirectories(folder);
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json(root, ""));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private Map<String, Object> json(Series series, String path) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("type", series.group ? "GROUP" : "REQUEST");
        node.put("name", series.name);
        node.put("path", path);
        node.put("stats", stats(series));
        if (series.group) {
            Map<String, Object> contents = new LinkedHashMap<>();
            synchronized (series.contents) {
                series.contents.values().forEach(child -> contents.put((child.group ? "group_" : "req_") + child.name,
                        json(child, path.isEmpty() ? child.name : path + " / " + child.name)));
            }
            node.put("contents", contents);
        }
        return node;
    }

    private static Map<String, Object> stats(Series series) {
        List<Sample> all;
        synchronized (series) {
            all = List.copyOf(series.samples);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("name", series.name);
        List<Sample> ok = all.stream().filter(Sample::ok).toList();
        List<Sample> ko = all.stream().filter(sample -> !sample.ok()).toList();
        stats.put("numberOfRequests", triple(all.size(), ok.size(), ko.size()));
        stats.put("minResponseTime", triple(percentile(all, 0), percentile(ok, 0), percentile(ko, 0)));
        stats.put("maxResponseTime", triple(percentile(all, 100), percentile(ok, 100), percentile(ko, 100)));
        stats.put("meanResponseTime", triple(mean(all), mean(ok), mean(ko)));
        stats.put("standardDeviation", triple(deviation(all), deviation(ok), deviation(ko)));
        stats.put("percentiles1", triple(percentile(all, 50), percentile(ok, 50), percentile(ko, 50)));
        stats.put("percentiles2", triple(percentile(all, 75), percentile(ok, 75), percentile(ko, 75)));
        stats.put("percentiles3", triple(percentile(all, 95), percentile(ok, 95), percentile(ko, 95)));
        stats.put("percentiles4", triple(percentile(all, 99), percentile(ok, 99), percentile(ko, 99)));
        double seconds = series.name.equals("All Requests") ? Load.runTime().toMillis() / 1000.0
                : series.name.startsWith(Load.WARMUP) ? Load.WARMUP_TIME.toMillis() / 1000.0 : Load.DURATION.toMillis() / 1000.0;
        stats.put("meanNumberOfRequestsPerSecond", triple(rate(all, seconds), rate(ok, seconds), rate(ko, seconds)));
        return stats;
    }

    private static Map<String, Object> triple(Object total, Object ok, Object ko) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("total", total);
        values.put("ok", ok);
        values.put("ko", ko);
        return values;
    }

    /** Nearest-rank percentile of the response times; 0 when there are none (as Gatling wrote). */
    private static long percentile(List<Sample> samples, double percent) {
        if (samples.isEmpty()) {
            return 0;
        }
        int[] sorted = samples.stream().mapToInt(Sample::millis).sorted().toArray();
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static long mean(List<Sample> samples) {
        return Math.round(samples.stream().mapToInt(Sample::millis).average().orElse(0));
    }

    private static long deviation(List<Sample> samples) {
        double mean = samples.stream().mapToInt(Sample::millis).average().orElse(0);
        return Math.round(Math.sqrt(samples.stream().mapToDouble(s -> (s.millis() - mean) * (s.millis() - mean))
                .average().orElse(0)));
    }

    /** Samples a second over the window they belong to (the warm-up, the measured window, or the whole run). */
    private static double rate(List<Sample> samples, double seconds) {
        return Math.round(samples.size() / Math.max(0.001, seconds) * 100) / 100.0;
    }

    /** Gatling's results folder: {@code -Dauthcloud.results} (the pom sets it), else target/gatling. */
    private static Path resultsRoot() {
        return Path.of(System.getProperty("authcloud.results", "target/gatling"));
    }

    /**
     * This run's folder: Gatling makes {@code <simulation>-<timestamp>} when the run starts (after this
     * simulation was built) and logs into it; the newest such folder made since.
     */
    private Optional<Path> runFolder() {
        File[] runs = resultsRoot().toFile().listFiles((dir, name) -> name.startsWith(simulation + "-")
                && new File(dir, name).isDirectory() && new File(dir, name).lastModified() >= created - 1000);
        return runs == null ? Optional.empty() : Stream.of(runs).max(Comparator.comparing(File::getName)).map(File::toPath);
    }
}
