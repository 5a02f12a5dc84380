package io.authcloud.backup.api;

import io.authcloud.backup.domain.BackupTransfer;
import io.authcloud.backup.domain.Provider;
import java.time.Instant;
import java.util.UUID;

/** A backup transfer as the app follows it; {@code secondFactor} is the verification that allows it. */
public record TransferView(UUID id, BackupTransfer.State state, Source source, Target target, String deviceId,
        Instant createdAt, Instant expiresAt, Instant completedAt, String failure, SecondFactor secondFactor) {

    /** What is copied: the version current when the transfer was asked for, and the key that opens it. */
    public record Source(Provider provider, String storageAccount, int version, String keyId) {
    }

    /** Where it goes; {@code version} once copied. */
    public record Target(Provider provider, String storageAccount, Integer version) {
    }

    /** The body of {@code POST /v1/verifications} that proves the second factor, without its {@code channel}. */
    public record SecondFactor(String purpose, UUID transferId, String deviceId) {
    }

    static TransferView of(BackupTransfer t, Instant now) {
        return new TransferView(t.id, t.stateAt(now), new Source(t.provider, t.storageAccount, t.version, t.keyId),
                new Target(t.targetProvider, t.targetStorageAccount, t.targetVersion), t.deviceId, t.createdAt, t.expiresAt,
                t.completedAt, t.failure, new SecondFactor("transfer", t.id, t.deviceId));
    }
}
