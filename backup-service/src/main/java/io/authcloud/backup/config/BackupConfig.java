package io.authcloud.backup.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The rules of backup storage that operators may tune. */
@ConfigMapping(prefix = "authcloud.backup")
public interface BackupConfig {

    /** The largest ciphertext accepted, in bytes after base64 decoding. */
    @WithDefault("1048576")
    int maxCiphertextBytes();

    /**
     * How many of the newest versions are kept; the newest non-empty version and the pinned versions (see
     * {@link #pinnedRetention()}) are kept as well.
     */
    @WithDefault("5")
    int keptVersions();

    /**
     * How long a version must have stood, unreplaced, for its replacement to pin it: writes closer together
     * than this are one burst, and only the version that stood before the burst is pinned, so a burst
     * cannot push it out of history while the versions pinned stay few. A write from another device than
     * the version it replaces pins that version however briefly it stood.
     */
    @WithDefault("PT1H")
    Duration burstGap();

    /** How long a pinned version stays restorable after the write that replaced it. */
    @WithDefault("P30D")
    Duration pinnedRetention();

    /** How long a deleted backup can be restored before it is purged. */
    @WithDefault("P30D")
    Duration restoreWindow();

    /** How often deleted backups past their restore deadline are purged ({@code off} to disable). */
    @WithDefault("1h")
    String purgeInterval();

    /** How long a transfer waits for the person's second factor. */
    @WithDefault("PT1H")
    Duration transferValidity();

    /** Writes (PUT, DELETE, restore, transfer requests) one person may make per minute. */
    @WithDefault("60")
    int writesPerMinute();
}
