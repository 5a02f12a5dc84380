package io.authcloud.notification.clients.sms;

import io.authcloud.notification.config.SmsConfig;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The local SMS sink: appends each message to {@code <directory>/<phone number>.txt}, so a developer
 * (or the demo) reads the code there. Never used where a real provider is configured.
 */
@ApplicationScoped
@LookupIfProperty(name = "authcloud.sms.mode", stringValue = "file", lookupIfMissing = true)
public class FileSmsSender implements SmsSender {

    private final Path directory;
    private final Clock clock;

    public FileSmsSender(SmsConfig config, Clock clock) {
        this.directory = Path.of(config.fileDirectory());
        this.clock = clock;
    }

    @Override
    public Uni<Void> send(String phoneNumber, String text) {
        return Uni.createFrom().item(() -> {
                    try {
                        Files.createDirectories(directory);
                        Path file = directory.resolve(phoneNumber.replaceAll("[^+0-9]", "") + ".txt");
                        Files.writeString(file, clock.instant() + " " + text + System.lineSeparator(),
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        Log.infof("SMS written to the local sink %s", directory);
                        return (Void) null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
