package io.authcloud.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.Phone;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Auto backup, what a phone knows of its backups, and moving one to this phone's platform. */
final class BackupCommands {

    private BackupCommands() {
    }

    @Command(name = "backup", description = "Auto backup: encrypt here, upload, escrow the key")
    static class Backup extends AuthenticatorCli.OnPhone {
        @Override
        public Integer call() {
            JsonNode written = app.open().backup();
            out().println("Backed up: version " + written.get("version").asInt() + ", " + written.get("sizeBytes").asInt()
                    + " encrypted bytes");
            return 0;
        }
    }

    @Command(name = "backups", description = "Your backups: what a recovery would restore")
    static class Backups extends AuthenticatorCli.OnPhone {
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

    @Command(name = "delete-backup", description = "Delete this phone's backup (restorable for 30 days)")
    static class DeleteBackup extends AuthenticatorCli.OnPhone {
        @Override
        public Integer call() {
            app.open().deleteBackup();
            out().println("Backup deleted; it can be restored for 30 days");
            return 0;
        }
    }

    @Command(name = "undelete-backup", description = "Restore this phone's deleted backup before its deadline")
    static class UndeleteBackup extends AuthenticatorCli.OnPhone {
        @Override
        public Integer call() {
            JsonNode backup = app.open().undeleteBackup();
            out().println("Backup restored: version " + backup.get("version").asInt());
            return 0;
        }
    }

    @Command(name = "transfer", description = "Move your backup to this phone's storage (an iPhone's iCloud backup to this"
            + " Android phone's Google Drive): a fresh sign-in and a code by email or SMS allow it; then recover")
    static class Transfer extends AuthenticatorCli.OnPhone {
        @Option(names = "--from", required = true, paramLabel = "<provider>/<storage account>",
                description = "Where the backup is, as a refused recovery names it, e.g. icloud/alice-icloud")
        String from;

        @Option(names = "--to", paramLabel = "<provider>/<storage account>",
                description = "Where to move it; by default this phone's own storage")
        String to;

        @Option(names = "--channel", defaultValue = "email", description = "How the code comes: email or sms")
        String channel;

        @CommandLine.Mixin
        CodeOptions codes;

        @Override
        public Integer call() {
            Phone phone = app.open();
            String[] source = location("--from", from);
            String[] target = to == null ? new String[] {phone.state().provider(), phone.state().storageAccount}
                    : location("--to", to);
            out().println("Moving your backup from " + source[0] + " (" + source[1] + ") to " + target[0] + " (" + target[1] + ")");
            codes.before(app.endpoints.mailbox());
            JsonNode transfer = phone.transfer(source[0], source[1], target[0], target[1], channel, verification -> {
                out().println("To allow the move, a code was sent to " + verification.get("destination").asText());
                return codes.read(out());
            });
            String state = transfer.get("state").asText();
            if (!"COMPLETED".equals(state)) {
                throw new IllegalStateException("The backup was not moved: the transfer is " + state.toLowerCase()
                        + (transfer.hasNonNull("failure") ? " (" + transfer.get("failure").asText() + ")" : ""));
            }
            out().println("Moved: version " + transfer.at("/source/version").asInt() + " is now version "
                    + transfer.at("/target/version").asInt() + " in " + target[0] + " (" + target[1] + "), with its key;"
                    + " the backup in " + source[0] + " stays until you delete it");
            if (to == null) {
                out().println("Recover it on this phone: recover --second-factor " + channel);
            }
            return 0;
        }

        private static String[] location(String option, String value) {
            String[] parts = value.split("/", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(option + " must be <provider>/<storage account>, e.g. icloud/alice-icloud");
            }
            return parts;
        }
    }

    @Command(name = "erase-me", description = "Erase everything authcloud keeps about you (backups, keys, devices,"
            + " credentials, recoveries, activity): a fresh sign-in and a code by email or SMS confirm it; it cannot be undone")
    static class EraseMe extends AuthenticatorCli.OnPhone {
        @Option(names = "--channel", defaultValue = "email", description = "How the code comes: email or sms")
        String channel;

        @CommandLine.Mixin
        CodeOptions codes;

        @Override
        public Integer call() {
            Phone phone = app.open();
            out().println("Erasing everything authcloud keeps about you");
            codes.before(app.endpoints.mailbox());
            JsonNode erasure = phone.eraseEverything(channel, verification -> {
                out().println("To confirm the erasure, a code was sent to " + verification.get("destination").asText());
                return codes.read(out());
            });
            String state = erasure.get("state").asText();
            if (!"COMPLETED".equals(state)) {
                throw new IllegalStateException("Nothing was erased: the erasure is " + state.toLowerCase());
            }
            for (JsonNode service : erasure.get("services")) {
                out().println("  " + service.get("service").asText() + ": erased at " + service.get("erasedAt").asText());
            }
            out().println("Erased: nothing about you is left on authcloud's servers; a last mail confirms it");
            return 0;
        }
    }
}
