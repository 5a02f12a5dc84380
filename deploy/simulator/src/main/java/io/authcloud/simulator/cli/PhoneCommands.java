package io.authcloud.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.Phone;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** The commands of a phone itself: make it, sign in, add accounts, show codes, register its push channel, answer pushes, list devices and credentials. */
final class PhoneCommands {

    private PhoneCommands() {
    }

    @Command(name = "device", description = "Create a simulated phone", subcommands = Device.Init.class)
    static class Device {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Command(name = "init", description = "A new phone: ios keeps backups in iCloud, android in Google Drive")
        static class Init extends AuthenticatorCli.Printing {
            @CommandLine.ParentCommand
            Device device;

            @Option(names = "--platform", required = true, description = "ios or android")
            String platform;

            @Option(names = "--storage-account", required = true, description = "The phone's iCloud or Google account id")
            String storageAccount;

            @Override
            public Integer call() {
                Phone phone = Phone.create(device.app.phone, device.app.endpoints, platform, storageAccount);
                out().println("New " + platform + " phone " + phone.state().deviceId + ", backups in "
                        + phone.state().provider() + " (" + storageAccount + ")");
                return 0;
            }
        }
    }

    @Command(name = "signin", description = "Sign in to the recovery account (authorization code + PKCE)")
    static class SignInCommand extends AuthenticatorCli.OnPhone {
        @Option(names = "--user", required = true)
        String user;

        @Option(names = "--password")
        String password;

        @Option(names = "--step-up", description = "Force a fresh password sign-in")
        boolean stepUp;

        @Override
        public Integer call() {
            app.open().signIn(user, AuthenticatorCli.password(password, user), stepUp);
            out().println("Signed in as " + user + (stepUp ? " (fresh sign-in)" : ""));
            return 0;
        }
    }

    @Command(name = "add", description = "Add an account", subcommands = {Add.Totp.class, Add.Personal.class, Add.Work.class})
    static class Add {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Command(name = "totp", description = "A third-party account from its otpauth:// URI")
        static class Totp extends AuthenticatorCli.Printing {
            @CommandLine.ParentCommand
            Add add;

            @Parameters(description = "otpauth://totp/Issuer:name?secret=...&issuer=...")
            String uri;

            @Override
            public Integer call() {
                out().println("Added " + add.app.open().addThirdParty(uri).label());
                return 0;
            }
        }

        @Command(name = "personal", description = "Your personal (recovery) account, with push sign-in")
        static class Personal extends AuthenticatorCli.Printing {
            @CommandLine.ParentCommand
            Add add;

            @Option(names = "--ref", defaultValue = "personal")
            String ref;

            @Option(names = "--name", required = true)
            String name;

            @Override
            public Integer call() {
                out().println("Added " + add.app.open().addPushAccount("personal", ref, name, null).label()
                        + ": verify it to get its credential");
                return 0;
            }
        }

        @Command(name = "work", description = "A work or school account of a tenant")
        static class Work extends AuthenticatorCli.Printing {
            @CommandLine.ParentCommand
            Add add;

            @Option(names = "--ref", required = true)
            String ref;

            @Option(names = "--tenant", required = true)
            String tenant;

            @Option(names = "--name", required = true)
            String name;

            @Option(names = "--school", description = "A school account rather than a work account")
            boolean school;

            @Override
            public Integer call() {
                out().println("Added " + add.app.open().addPushAccount(school ? "school" : "work", ref, name, tenant).label()
                        + ": scan your organisation's QR code to activate it");
                return 0;
            }
        }
    }

    @Command(name = "codes", description = "The accounts in order, with their current codes")
    static class Codes extends AuthenticatorCli.OnPhone {
        @Override
        public Integer call() {
            Instant now = Instant.now();
            app.open().codes(now).forEach(out()::println);
            out().println("(codes change in " + io.authcloud.simulator.app.Totp.secondsLeft(now, 30) + " s)");
            return 0;
        }
    }

    @Command(name = "register-device", description = "Register this phone's push channel")
    static class RegisterDevice extends AuthenticatorCli.OnPhone {
        @Override
        public Integer call() {
            JsonNode device = app.open().registerDevice();
            out().println("Push channel registered: " + device.get("pushChannel").asText());
            return 0;
        }
    }

    @Command(name = "approve", description = "Answer the sign-in request or recovery approval pushed to this phone")
    static class Approve extends AuthenticatorCli.OnPhone {
        @Option(names = "--number", required = true, description = "The number shown on the sign-in page")
        int number;

        @Option(names = "--deny")
        boolean deny;

        @Override
        public Integer call() {
            Phone phone = app.open();
            // A push takes a moment to arrive (it follows an event); requests past their expiry wait for nothing.
            JsonNode request = phone.awaitOpenRequest(Duration.ofSeconds(15));
            if (request == null) {
                out().println("No sign-in request is waiting");
                return 1;
            }
            if ("recovery-approval".equals(request.path("type").asText())) {
                out().println("Someone is recovering your authenticator on " + ("ios".equals(request.path("platform").asText())
                        ? "an iPhone" : "an Android phone") + " (" + request.path("deviceId").asText() + ")");
            } else {
                out().println("Sign-in to " + request.get("application").asText() + " (" + request.get("accountRef").asText() + ")");
            }
            JsonNode answered = phone.answer(request, number, !deny);
            out().println("Answered: " + answered.get("status").asText());
            return 0;
        }
    }

    @Command(name = "devices", description = "Your devices; --revoke removes a lost phone")
    static class Devices extends AuthenticatorCli.OnPhone {
        @Option(names = "--revoke")
        String revoke;

        @Override
        public Integer call() {
            Phone phone = app.open();
            if (revoke != null) {
                phone.revokeDevice(revoke);
                out().println("Removed " + revoke + ": its credentials no longer work");
            }
            for (JsonNode device : phone.devices()) {
                out().println(device.get("deviceId").asText() + " (" + device.get("platform").asText() + ", "
                        + device.get("pushChannel").asText() + ")");
            }
            return 0;
        }
    }

    @Command(name = "credentials", description = "Your push credentials, by device")
    static class Credentials extends AuthenticatorCli.OnPhone {
        @Override
        public Integer call() {
            for (JsonNode device : app.open().credentials()) {
                out().println(device.get("deviceId").asText() + ":");
                for (JsonNode credential : device.get("credentials")) {
                    out().println("  " + credential.get("accountRef").asText() + " " + credential.get("kind").asText() + " "
                            + credential.get("status").asText());
                }
            }
            return 0;
        }
    }

    @Command(name = "activity", description = "Your security activity, newest first: backups, recoveries, codes, credentials, push sign-ins")
    static class Activity extends AuthenticatorCli.OnPhone {
        @Option(names = "--limit", defaultValue = "20", description = "How many entries (1 to 100)")
        int limit;

        @Override
        public Integer call() {
            JsonNode page = app.open().activity(limit, null);
            for (JsonNode entry : page.get("items")) {
                out().println(line(entry));
            }
            if (!page.path("next").isNull() && !page.path("next").isMissingNode()) {
                out().println("(older entries: --limit " + Math.min(100, limit * 2) + ")");
            }
            return 0;
        }

        /** One entry on one line: when, what, on which device, then its details. */
        static String line(JsonNode entry) {
            StringBuilder line = new StringBuilder(entry.get("occurredAt").asText()).append("  ").append(entry.get("kind").asText());
            if (entry.hasNonNull("deviceId")) {
                line.append("  on ").append(entry.get("deviceId").asText());
            }
            entry.get("details").fields().forEachRemaining(field -> line.append("  ").append(field.getKey()).append('=')
                    .append(field.getValue().asText()));
            return line.toString();
        }
    }
}
