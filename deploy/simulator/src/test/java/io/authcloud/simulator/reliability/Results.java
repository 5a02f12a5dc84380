package io.authcloud.simulator.reliability;

import io.authcloud.simulator.RunningStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The figures of a reliability run, one Markdown table row per suite, in deploy/simulator/target/reliability
 * (docs/reliability.md quotes them).
 */
final class Results {

    private Results() {
    }

    static void write(String suite, String tried, String howMuch, String lost, String recovery) {
        Path dir = RunningStack.repository().resolve("deploy/simulator/target/reliability");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(suite + ".md"), "| " + String.join(" | ", tried, howMuch, lost, recovery) + " |\n"
                    + "<!-- " + Instant.now() + " -->\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
