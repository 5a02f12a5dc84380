package io.authcloud.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.QrCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Recovering on a new phone: start, prove it is you, restore; and proving each push account again. */
final class RecoveryCommands {

    private RecoveryCommands() {
    }

    @Command(name = "recover", description = "Recover this phone's backup: start, prove it is you (a code, or your other"
            + " phone's approval), fetch the key and the backup, restore")
    static class Recover extends AuthenticatorCli.OnPhone {
        @Option(names = "--second-factor", description = "Prove it is you by a code sent by email or sms")
        String secondFactor;

        @CommandLine.Mixin
        CodeOptions codes;

        @Override
        public Integer call() {
            Phone phone = app.open();
            JsonNode started = phone.startRecovery();
            out().println("Recovering version " + started.at("/backup/version").asInt() + " of " + started.at("/backup/provider").asText()
                    + " backup written by " + started.at("/backup/deviceId").asText());
            JsonNode release = started.path("keyRelease");
            if (!release.hasNonNull("secondFactor")) {
                if (secondFactor != null) {
                    codes.before(app.endpoints.mailbox());
                    phone.proveByCode(secondFactor, verification -> {
                        out().println("To release the backup key, a code was sent to " + verification.get("destination").asText());
                        return codes.read(out());
                    });
                    out().println("Second factor proven: " + secondFactor + " code");
                } else if ("APPROVAL_PENDING".equals(release.path("state").asText())) {
                    out().println("Waiting for your other phone to approve (enter " + release.at("/approval/number").asInt()
                            + " there)...");
                    phone.awaitSecondFactor(Duration.ofMinutes(2));
                    out().println("Approved on your other phone");
                } else {
                    out().println("Before the backup key leaves the server, prove it is you (second-factor-required). Ways: "
                            + release.path("methods") + ". Run: recover --second-factor email, or: approval");
                    return 3;
                }
            }
            JsonNode restored = phone.restore();
            out().println("Restored " + phone.state().accounts.size() + " accounts in their order:");
            phone.codes(Instant.now()).forEach(line -> out().println("  " + line));
            for (JsonNode account : restored.get("accounts")) {
                out().println("  " + account.get("accountRef").asText() + " needs "
                        + ("qr".equals(account.get("method").asText()) ? "your organisation's QR code" : "a fresh sign-in and a code"));
            }
            return 0;
        }

    }

    @Command(name = "approval", description = "Ask your other phone to approve this recovery: shows the number to enter there")
    static class Approval extends AuthenticatorCli.OnPhone {
        @Override
        public Integer call() {
            Phone phone = app.open();
            phone.startRecovery();
            JsonNode approval = phone.requestApproval();
            out().println("On your other phone, enter " + approval.get("number").asInt() + " (until "
                    + approval.get("expiresAt").asText() + ")");
            return 0;
        }
    }

    @Command(name = "verify", description = "Prove your identity again for a push-enabled account",
            subcommands = {Verify.Personal.class, Verify.Qr.class})
    static class Verify {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Command(name = "personal", description = "Fresh password sign-in plus a code by email or SMS")
        static class Personal extends AuthenticatorCli.Printing {
            @CommandLine.ParentCommand
            Verify verify;

            @Option(names = "--ref", defaultValue = "personal")
            String ref;

            @Option(names = "--channel", defaultValue = "email")
            String channel;

            @CommandLine.Mixin
            CodeOptions codes;

            @Override
            public Integer call() {
                Phone phone = verify.app.open();
                codes.before(verify.app.endpoints.mailbox());
                var account = phone.verifyPersonal(ref, channel, started -> {
                    out().println("A code was sent to " + started.get("destination").asText());
                    return codes.read(out());
                });
                out().println("Verified: " + account.label() + " has a new credential on this phone");
                return 0;
            }
        }

        @Command(name = "qr", description = "Scan the QR code your organisation's admin gave you")
        static class Qr extends AuthenticatorCli.Printing {
            @CommandLine.ParentCommand
            Verify verify;

            @Option(names = "--ref", required = true)
            String ref;

            @Option(names = "--file", description = "The QR image (PNG)")
            Path file;

            @Option(names = "--payload", description = "The QR code's text")
            String payload;

            @Override
            public Integer call() throws Exception {
                String text = payload != null ? payload : QrCodes.read(Files.readAllBytes(file));
                var account = verify.app.open().scanQr(ref, text);
                out().println("Activated: " + account.label() + " has a new credential on this phone");
                return 0;
            }
        }
    }
}
