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

    /**
     * How many times one person's backup keys may be released within 24 hours, whatever device or session
     * asks: a new device id must not buy more releases.
     */
    @WithDefault("5")
    int keyReleasesPerDay();

    /**
     * Failed second factors and verifications of one person within 24 hours that lock key release (an
     * HSM-style guess limit): wrong codes, refused activation codes, denied approvals.
     */
    @WithDefault("10")
    int failedVerificationsPerDay();

    /** How many approval requests one person's recoveries may push to their other phones within 24 hours. */
    @WithDefault("10")
    int approvalRequestsPerDay();

    /** How long the person's other phones may answer an approval request. */
    @WithDefault("PT2M")
    Duration approvalValidity();

    /** How often sessions past their validity are expired ({@code off} to disable). */
    @WithDefault("5m")
    String expirySweep();

    /** How often wrapped keys are moved to the current key-encryption key ({@code off} to disable). */
    @WithDefault("10m")
    String rewrapInterval();

    Erasure erasure();

    /** "Erase everything about me" (DELETE /v1/me). */
    interface Erasure {
        /** How long an erasure waits for its second factor. */
        @WithDefault("PT15M")
        Duration validity();

        /** How long the saga waits for a service's confirmation before asking it again. */
        @WithDefault("PT1M")
        Duration retryAfter();

        /** How often erasures are looked at for a late confirmation ({@code off} to disable). */
        @WithDefault("30s")
        String retrySweep();
    }

    /** Key-encryption keys: several may be configured during a rotation; new wraps use {@link #current()}. */
    interface Kek {
        /** The id of the key that wraps new keys; the re-wrap job moves older wraps to it. */
        String current();

        /** Every key by id: base64 of 32 bytes, from a Kubernetes Secret. */
        Map<String, String> keys();
    }
}
