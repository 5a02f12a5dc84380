package io.authcloud.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.AccountPageClient;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Mailbox;
import io.authcloud.simulator.app.Portal;
import io.authcloud.simulator.app.TenantAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The other parties of the story: a tenant admin, a relying party's sign-in page, and the person at their mailbox. */
final class OtherPartiesCommands {

    private OtherPartiesCommands() {
    }

    @Command(name = "admin", description = "A tenant admin's tools", subcommands = Admin.IssueQr.class)
    static class Admin {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Command(name = "issue-qr", description = "Issue a QR activation code for a user of your tenant")
        static class IssueQr extends AuthenticatorCli.Printing {
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
                TenantAdmin tenantAdmin = new TenantAdmin(admin.app.endpoints, user, AuthenticatorCli.password(password, user));
                TenantAdmin.Issued issued = tenantAdmin.issue(forUser, ref);
                Files.write(out, issued.png());
                out().println("QR code for " + forUser + " (" + ref + ", tenant " + issued.activation().get("tenant").asText()
                        + ") written to " + out + "; valid until " + issued.activation().get("expiresAt").asText());
                return 0;
            }
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
        static class Push extends AuthenticatorCli.Printing {
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
        static class Status extends AuthenticatorCli.Printing {
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
        static class VerifyCode extends AuthenticatorCli.Printing {
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

    @Command(name = "not-me", description = "Follow the \"this wasn't me\" link of the newest security notice about a device")
    static class NotMe extends AuthenticatorCli.Printing {
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

    @Command(name = "account-page", description = "The account security page, as a browser uses it: sign in with Keycloak,"
            + " list your devices, remove a lost one")
    static class AccountPageCommand extends AuthenticatorCli.Printing {
        @CommandLine.ParentCommand
        AuthenticatorCli app;

        @Option(names = "--user", required = true)
        String user;

        @Option(names = "--password", required = true)
        String password;

        @Option(names = "--remove-device", description = "The device to remove (a lost phone): its credentials stop working")
        String removeDevice;

        @Override
        public Integer call() {
            AccountPageClient page = new AccountPageClient(app.endpoints);
            page.signIn(user, password);
            out().println("Signed in on the account security page as " + user + "; your devices:");
            page.devices().forEach(line -> out().println("  " + line));
            if (removeDevice != null) {
                out().println("Remove this device (" + removeDevice + "): " + page.removeDevice(removeDevice));
            }
            return 0;
        }
    }
}
