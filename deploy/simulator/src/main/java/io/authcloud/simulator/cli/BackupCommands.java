package io.authcloud.simulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** Auto backup and what a phone knows of its backups. */
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
}
