package io.authcloud.simulator.cli;

import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.Endpoints;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.TransferOffer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The authenticator app on the command line: each simulated phone keeps its state in its own folder. */
@Command(name = "authcloud-sim", mixinStandardHelpOptions = true, version = "authcloud simulator 0.1",
        description = "A command-line authenticator app that speaks to the authcloud gateway and Keycloak.",
        subcommands = {PhoneCommands.Device.class, PhoneCommands.SignInCommand.class, PhoneCommands.Add.class,
                PhoneCommands.Codes.class, BackupCommands.Backup.class, BackupCommands.Backups.class,
                BackupCommands.DeleteBackup.class, BackupCommands.UndeleteBackup.class, BackupCommands.Transfer.class,
                BackupCommands.EraseMe.class,
                RecoveryCommands.Recover.class, RecoveryCommands.Approval.class, RecoveryCommands.Verify.class, PhoneCommands.RegisterDevice.class,
                PhoneCommands.Approve.class, PhoneCommands.Devices.class, PhoneCommands.Credentials.class, PhoneCommands.Activity.class,
                OtherPartiesCommands.Admin.class, OtherPartiesCommands.PortalCommand.class,
                OtherPartiesCommands.NotMe.class, OtherPartiesCommands.AccountPageCommand.class})
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
                // The refusal names the way out: the app offers it.
                TransferOffer.of(problem).ifPresent(offer -> err.println("  Move it to this phone: transfer --from " + offer.from()));
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
}
