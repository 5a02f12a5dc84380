package io.authcloud.recovery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The rules of recovery and the key-encryption keys of the escrow. */
@ConfigMapping(prefix = "authcloud.recovery")
public interface RecoveryConfig {

    Kek kek();

    /** How long a recovery session stays open. */
    @WithDefault("PT24H")
    Duration sessionValidity();

    /** How many times one session may release the backup key. */
    @WithDefault("5")
    int maxKeyReleases();

    /** Failed verifications of one person within 24 hours that lock key release (an HSM-style guess limit). */
    @WithDefault("10")
    int failedVerificationsPerDay();

    /** How often sessions past their validity are expired ({@code off} to disable). */
    @WithDefault("5m")
    String expirySweep();

    /** How often wrapped keys are moved to the current key-encryption key ({@code off} to disable). */
    @WithDefault("10m")
    String rewrapInterval();

    /** Key-encryption keys: several may be configured during a rotation; new wraps use {@link #current()}. */
    interface Kek {
        /** The id of the key that wraps new keys; the re-wrap job moves older wraps to it. */
        String current();

        /** Every key by id: base64 of 32 bytes, from a Kubernetes Secret. */
        Map<String, String> keys();
    }
}
