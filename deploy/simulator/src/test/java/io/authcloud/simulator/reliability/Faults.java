package io.authcloud.simulator.reliability;

import io.authcloud.simulator.RunningStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Faults injected with deploy/local/fault.sh, at even steps of a run's progress. */
final class Faults {

    private Faults() {
    }

    /**
     * Kills {@code victim} (a service) {@code kills} times and stops Kafka {@code kafkaStops} times (for 15 s each), spread
     * evenly over {@code total} steps of {@code progress}, each followed by bringing the stack back; answers what
     * was done, in order. With several instances of the service (up.sh --replicas), the kills take them in turn.
     */
    static List<String> during(String victim, AtomicInteger progress, int total, int kills, int kafkaStops) {
        List<String> instances = LocalServers.instances(victim);
        List<String> done = new ArrayList<>();
        int steps = kills + kafkaStops;
        int killsLeft = kills;
        int stopsLeft = kafkaStops;
        for (int step = 0; step < steps; step++) {
            int at = (int) ((long) total * (step + 1) / (steps + 1));
            while (progress.get() < at) {
                NothingAcknowledgedIsLostTest.pause(Duration.ofMillis(100));
            }
            boolean kill = stopsLeft == 0 || killsLeft > 0 && step % 2 == 0;
            if (kill) {
                String instance = instances.get((kills - killsLeft) % instances.size());
                run("kill", instance);
                done.add(instance + " killed (SIGKILL)");
                run("restart");
                killsLeft--;
            } else {
                run("stop", "kafka");
                done.add("Kafka stopped");
                NothingAcknowledgedIsLostTest.pause(Duration.ofSeconds(15));
                run("restart");
                done.add("Kafka started");
                stopsLeft--;
            }
        }
        return done;
    }

    /** SIGKILLs one instance of a service ({@code recovery-service-2}). */
    static void kill(String instance) {
        run("kill", instance);
    }

    /**
     * Restarts instances one at a time, the gateway draining each first (roll.sh): those named, or with none every
     * instance of every service.
     */
    static void roll(List<String> instances) {
        List<String> command = new ArrayList<>(List.of("deploy/local/roll.sh"));
        command.addAll(instances);
        script(command.toArray(String[]::new));
    }

    /** Brings back whatever of the stack is not running. */
    static void restart() {
        run("restart");
    }

    /** Stops {@code server} (postgresql, redis or kafka) with SIGSTOP: its sockets stay open, nothing answers. */
    static void pause(String server) {
        run("pause", server);
    }

    /** Lets a paused server go on (SIGCONT). */
    static void resume(String server) {
        run("resume", server);
    }

    private static void run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("deploy/local/fault.sh"));
        command.addAll(List.of(arguments));
        script(command.toArray(String[]::new));
    }

    /** Runs one of the repository's scripts; fails with its output when it fails. */
    private static void script(String... arguments) {
        Path script = RunningStack.repository().resolve(arguments[0]);
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments).subList(1, arguments.length));
        try {
            Process fault = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(fault.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (fault.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", arguments) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
