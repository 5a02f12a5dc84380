package io.authcloud.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.Endpoints;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Mailbox;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.Portal;
import io.authcloud.simulator.app.QrCodes;
import io.authcloud.simulator.app.TenantAdmin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The authenticator app on the command line: each simulated phone keeps its state in its own folder. */
@Command(name = "authcloud-sim", mixinStandardHelpOptions = true, version = "authcloud simulator 0.1",
        description = "A command-line authenticator app that speaks to the authcloud gateway and Keycloak.",
        subcommands = {AuthenticatorCli.Device.class, AuthenticatorCli.SignInCommand.class, AuthenticatorCli.Add.class,
                AuthenticatorCli.Codes.class, AuthenticatorCli.Backup.class, AuthenticatorCli.Backups.class,
                AuthenticatorCli.DeleteBackup.class, AuthenticatorCli.UndeleteBackup.class,
                AuthenticatorCli.Recover.class, AuthenticatorCli.Approval.class, AuthenticatorCli.Verify.class, AuthenticatorCli.RegisterDevice.class,
                AuthenticatorCli.Approve.class, AuthenticatorCli.Devices.class, AuthenticatorCli.Credentials.class,
                AuthenticatorCli.Admin.class, AuthenticatorCli.PortalCommand.class,
                AuthenticatorCli.NotMe.class})
public class AuthenticatorCli {

    @Option(names = "--phone", description = "The simulated phone's folder", defaultValue = "phone")
    Path phone;

    final Endpoints endpoints = Endpoints.fromEnvironment();

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new AuthenticatorCli());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintWriter err = command.getErr();
            if (e instanceof ApiProblem problem) {
                err.println("✗ " + problem.getMessage());
                err.println("  (" + problem.status() + " " + problem.type() + ")");
                return 2;
            }
            err.println("✗ " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }

    /** The phone, which asks for the password (AUTHCLOUD_PASSWORD, else the console) when told to sign in again. */
    Phone open() {
        return Phone.open(phone, endpoints).askingForThePasswordWith(user -> {
            System.err.println("The server asks for a fresh sign-in of " + user + ".");
            return password(null, user);
        });
    }

    static String password(String given, String user) {
        if (given != null) {
            return given;
        }
        String fromEnvironment = System.getenv("AUTHCLOUD_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        if (System.console() == null) {
            throw new IllegalStateException("Give the password of " + user + " with --password");
        }
        return new String(System.console().readPassword("Password of %s: ", user));
    }

    /** Base of every command: prints through picocli's writer, so output can be captured. */
    abstract static class Printing implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** Base of the commands that act on a phone. */
    abstract static class OnPhone extends Printing {
        @CommandLine.ParentCommand
        AuthenticatorCli app;
    }

    /** The code the person received: given on the command line, read from the local mailbox, or typed. */
    static String readCode(PrintWriter out, Mailbox box, String mailbox, int seen, String code) {
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

    @Command(name = "device", description = "Create a simulated phone", subcommands = Device.Init.class)
    static class Device {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Command(name = "init", description = "A new phone: ios keeps backups in iCloud, android in Google Drive")
        static class Init extends Printing {
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
    static class SignInCommand extends OnPhone {
        @Option(names = "--user", required = true)
        String user;

        @Option(names = "--password")
        String password;

        @Option(names = "--step-up", description = "Force a fresh password sign-in")
        boolean stepUp;

        @Override
        public Integer call() {
            app.open().signIn(user, password(password, user), stepUp);
            out().println("Signed in as " + user + (stepUp ? " (fresh sign-in)" : ""));
            return 0;
        }
    }

    @Command(name = "add", description = "Add an account", subcommands = {Add.Totp.class, Add.Personal.class, Add.Work.class})
    static class Add {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Command(name = "totp", description = "A third-party account from its otpauth:// URI")
        static class Totp extends Printing {
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
        static class Personal extends Printing {
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
        static class Work extends Printing {
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
    static class Codes extends OnPhone {
        @Override
        public Integer call() {
            Instant now = Instant.now();
            app.open().codes(now).forEach(out()::println);
            out().println("(codes change in " + io.authcloud.simulator.app.Totp.secondsLeft(now, 30) + " s)");
            return 0;
        }
    }

    @Command(name = "backup", description = "Auto backup: encrypt here, upload, escrow the key")
    static class Backup extends OnPhone {
        @Override
        public Integer call() {
            JsonNode written = app.open().backup();
            out().println("Backed up: version " + written.get("version").asInt() + ", " + written.get("sizeBytes").asInt()
                    + " encrypted bytes");
            return 0;
        }
    }

    @Command(name = "delete-backup", description = "Delete this phone's backup (restorable for 30 days)")
    static class DeleteBackup extends OnPhone {
        @Override
        public Integer call() {
            app.open().deleteBackup();
            out().println("Backup deleted; it can be restored for 30 days");
            return 0;
        }
    }

    @Command(name = "undelete-backup", description = "Restore this phone's deleted backup before its deadline")
    static class UndeleteBackup extends OnPhone {
        @Override
        public Integer call() {
            JsonNode backup = app.open().undeleteBackup();
            out().println("Backup restored: version " + backup.get("version").asInt());
            return 0;
        }
    }

    @Command(name = "backups", description = "Your backups: what a recovery would restore")
    static class Backups extends OnPhone {
        @Override
        public Integer call() {
            for (JsonNode backup : app.open().backups()) {
                out().println(backup.get("provider").asText() + " / " + backup.get("storageAccount").asText() + ": version "
                        + backup.get("version").asInt() + ", " + backup.path("accountCount").asText("?") + " accounts, from "
                        + backup.get("deviceId").asText() + ", updated " + backup.get("updatedAt").asText()
                        + (backup.get("deleted").asBoolean() ? " — DELETED, restorable until " + backup.get("restoreDeadline").asText() : ""));
            }
            return 0;
        }
    }

    @Command(name = "recover", description = "Recover this phone's backup: start, prove it is you (a code, or your other"
            + " phone's approval), fetch the key and the backup, restore")
    static class Recover extends OnPhone {
        @Option(names = "--second-factor", description = "Prove it is you by a code sent by email or sms")
        String secondFactor;

        @Option(names = "--code", description = "The code you received")
        String code;

        @Option(names = "--mailbox", description = "Read the code from this address in the local mailbox (demo)")
        String mailbox;

        @Override
        public Integer call() {
            Phone phone = app.open();
            JsonNode started = phone.startRecovery();
            out().println("Recovering version " + started.at("/backup/version").asInt() + " of " + started.at("/backup/provider").asText()
                    + " backup written by " + started.at("/backup/deviceId").asText());
            JsonNode release = started.path("keyRelease");
            if (!release.hasNonNull("secondFactor")) {
                if (secondFactor != null) {
                    Mailbox box = new Mailbox(app.endpoints.mailbox());
                    int seen = mailbox == null ? 0 : box.count(mailbox);
                    phone.proveByCode(secondFactor, verification -> {
                        out().println("To release the backup key, a code was sent to " + verification.get("destination").asText());
                        return readCode(out(), box, mailbox, seen, code);
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
    static class Approval extends OnPhone {
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
        static class Personal extends Printing {
            @CommandLine.ParentCommand
            Verify verify;

            @Option(names = "--ref", defaultValue = "personal")
            String ref;

            @Option(names = "--channel", defaultValue = "email")
            String channel;

            @Option(names = "--code", description = "The code you received")
            String code;

            @Option(names = "--mailbox", description = "Read the code from this address in the local mailbox (demo)")
            String mailbox;

            @Override
            public Integer call() {
                Phone phone = verify.app.open();
                Mailbox box = new Mailbox(verify.app.endpoints.mailbox());
                int seen = mailbox == null ? 0 : box.count(mailbox);
                var account = phone.verifyPersonal(ref, channel, started -> {
                    out().println("A code was sent to " + started.get("destination").asText());
                    return readCode(out(), box, mailbox, seen, code);
                });
                out().println("Verified: " + account.label() + " has a new credential on this phone");
                return 0;
            }
        }

        @Command(name = "qr", description = "Scan the QR code your organisation's admin gave you")
        static class Qr extends Printing {
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

    @Command(name = "register-device", description = "Register this phone's push channel")
    static class RegisterDevice extends OnPhone {
        @Override
        public Integer call() {
            JsonNode device = app.open().registerDevice();
            out().println("Push channel registered: " + device.get("pushChannel").asText());
            return 0;
        }
    }

    @Command(name = "approve", description = "Answer the sign-in request or recovery approval pushed to this phone")
    static class Approve extends OnPhone {
        @Option(names = "--number", required = true, description = "The number shown on the sign-in page")
        int number;

        @Option(names = "--deny")
        boolean deny;

        @Override
        public Integer call() {
            Phone phone = app.open();
            List<JsonNode> pending = phone.pendingSignIns();
            if (pending.isEmpty()) {
                out().println("No sign-in request is waiting");
                return 1;
            }
            JsonNode request = pending.get(pending.size() - 1);
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
    static class Devices extends OnPhone {
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
    static class Credentials extends OnPhone {
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

    @Command(name = "admin", description = "A tenant admin's tools", subcommands = Admin.IssueQr.class)
    static class Admin {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Command(name = "issue-qr", description = "Issue a QR activation code for a user of your tenant")
        static class IssueQr extends Printing {
            @CommandLine.ParentCommand
            Admin admin;

            @Option(names = "--admin", required = true)
            String user;

            @Option(names = "--password")
            String password;

            @Option(names = "--for", required = true, description = "The user's username")
            String forUser;

            @Option(names = "--ref", required = true)
            String ref;

            @Option(names = "--out", required = true, description = "Where to write the QR image")
            Path out;

            @Override
            public Integer call() throws Exception {
                TenantAdmin tenantAdmin = new TenantAdmin(admin.app.endpoints, user, password(password, user));
                TenantAdmin.Issued issued = tenantAdmin.issue(forUser, ref);
                Files.write(out, issued.png());
                out().println("QR code for " + forUser + " (" + ref + ", tenant " + issued.activation().get("tenant").asText()
                        + ") written to " + out + "; valid until " + issued.activation().get("expiresAt").asText());
                return 0;
            }
        }
    }

    @Command(name = "not-me", description = "Follow the \"this wasn't me\" link of the newest security notice about a device")
    static class NotMe extends Printing {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Option(names = "--mailbox", required = true, description = "The person's address in the local mailbox (demo)")
        String mailbox;

        @Option(names = "--device", required = true, description = "The device the notice names")
        String device;

        @Override
        public Integer call() {
            String token = new Mailbox(app.endpoints.mailbox()).awaitNotMeToken(mailbox, device, Duration.ofSeconds(30));
            JsonNode answer = new Http(app.endpoints.gateway(), () -> null)
                    .post("/v1/push-credentials/not-me", java.util.Map.of("token", token)).body();
            out().println("Reported: " + answer.get("revoked").asInt() + " credentials revoked, signed out everywhere ("
                    + answer.path("signOut").asText() + ")");
            out().println(answer.path("message").asText());
            return 0;
        }
    }

    @Command(name = "portal", description = "A relying party's sign-in page (sign-in-portal client)",
            subcommands = {PortalCommand.Push.class, PortalCommand.Status.class, PortalCommand.VerifyCode.class})
    static class PortalCommand {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Option(names = "--client-secret", defaultValue = "${env:SIGN_IN_PORTAL_SECRET:-sign-in-portal-local-secret}")
        String secret;

        Portal portal() {
            return new Portal(app.endpoints, "sign-in-portal", secret);
        }

        @Command(name = "push", description = "Ask for push approval; shows the number to match")
        static class Push extends Printing {
            @CommandLine.ParentCommand
            PortalCommand portal;

            @Option(names = "--user", required = true)
            String user;

            @Option(names = "--ref", defaultValue = "personal")
            String ref;

            @Option(names = "--app", defaultValue = "Contoso Mail")
            String application;

            @Option(names = "--tenant", description = "The tenant of a work or school account; omit for a personal one")
            String tenant;

            @Override
            public Integer call() {
                JsonNode request = portal.portal().requestPush(user, ref, tenant, application);
                out().println("Sign-in request " + request.get("id").asText() + ": enter " + request.get("number").asInt()
                        + " on your phone");
                return 0;
            }
        }

        @Command(name = "status", description = "Follow a sign-in request")
        static class Status extends Printing {
            @CommandLine.ParentCommand
            PortalCommand portal;

            @Parameters
            String id;

            @Override
            public Integer call() {
                out().println(portal.portal().status(id).get("status").asText());
                return 0;
            }
        }

        @Command(name = "verify-code", description = "Check a code typed from the authenticator app")
        static class VerifyCode extends Printing {
            @CommandLine.ParentCommand
            PortalCommand portal;

            @Option(names = "--user", required = true)
            String user;

            @Option(names = "--code", required = true)
            String code;

            @Override
            public Integer call() {
                JsonNode accepted = portal.portal().verifyCode(user, code);
                out().println("Accepted: the code came from " + accepted.get("deviceId").asText());
                return 0;
            }
        }
    }
}
