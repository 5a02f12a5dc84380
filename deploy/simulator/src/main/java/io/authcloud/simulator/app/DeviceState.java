package io.authcloud.simulator.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Everything a simulated phone remembers, kept as {@code device.json} in its own folder. */
public class DeviceState {

    public String deviceId;
    public String platform;
    public String storageAccount;
    public String user;
    public Tokens tokens;
    public List<Account> accounts = new ArrayList<>();
    /** The ETag of the last backup this phone wrote or read: the precondition of its next write. */
    public String backupEtag;
    public String recoveryId;
    /** The key pair made for the recovery (private part PKCS#8, base64): the backup key is released to it. */
    public String recoveryPrivateKey;
    public java.util.Map<String, Object> recoveryPublicKey;
    /** The backup key (base64) and its id: made once, escrowed once, kept in the phone's keychain. */
    public String backupKey;
    public String backupKeyId;

    public String provider() {
        return "ios".equals(platform) ? "icloud" : "google-drive";
    }

    public static DeviceState load(Path folder) {
        Path file = folder.resolve("device.json");
        if (!Files.exists(file)) {
            throw new IllegalStateException("No phone in " + folder + ": create one with `device init`");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), DeviceState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void save(Path folder) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve("device.json");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
