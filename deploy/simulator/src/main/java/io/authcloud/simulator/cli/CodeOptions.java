package io.authcloud.simulator.cli;

import io.authcloud.simulator.app.Mailbox;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the person's one-time code comes from: given on the command line, the local mailbox, or typed. */
class CodeOptions {

    @Option(names = "--code", description = "The code you received")
    String code;

    @Option(names = "--mailbox", description = "Read the code from this address in the local mailbox (demo)")
    String mailbox;

    private Mailbox box;
    private int seen;

    /** Notes how many mails the mailbox holds now: the code is in a later one. Call before the code is sent. */
    CodeOptions before(String mailboxApi) {
        box = new Mailbox(mailboxApi);
        seen = mailbox == null ? 0 : box.count(mailbox);
        return this;
    }

    /** The code the person received. */
    String read(PrintWriter out) {
        if (code != null) {
            return code;
        }
        if (mailbox != null) {
            String received = box.awaitCode(mailbox, seen, Duration.ofSeconds(30));
            out.println("Read the code from " + mailbox);
            return received;
        }
        return System.console() == null ? "" : System.console().readLine("Code: ");
    }
}
