package io.authcloud.loadtest;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the test people's phones remember between runs, as the app keeps it on the phone: the device id
 * and the private key of its push credential, per person ({@code <stateDir>/<name>.json}, readable by its
 * owner only). Without it every run would enrol a new phone per person (a code by mail each) and the
 * person's sign-in pushes would go to ever more phones. These are keys of test phones, not secrets of anyone.
 */
final class Phones {

    /** One phone: its device id and its credential's private key (PKCS#8, base64). */
    record Phone(String deviceId, String privateKey) {

        @Override
        public String toString() {
            return "Phone[" + deviceId + "]";
        }
    }

    private static final TypeReference<Map<String, Phone>> FORMAT = new TypeReference<>() {
    };

    private final Path file;
    private final Map<String, Phone> phones = new ConcurrentHashMap<>();

    Phones(String name) {
        this.file = Settings.stateDir().resolve(name + ".json");
        try {
            if (Files.exists(file)) {
                phones.putAll(Json.MAPPER.readValue(file.toFile(), FORMAT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    Phone get(String username) {
        return phones.get(username);
    }

    void put(String username, Phone phone) {
        phones.put(username, phone);
    }

    synchronized void save() {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Json.MAPPER.writeValue(temporary.toFile(), phones);
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
