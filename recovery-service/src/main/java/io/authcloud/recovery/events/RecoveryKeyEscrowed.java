package io.authcloud.recovery.events;

import java.time.Instant;

/** A backup key was escrowed, or the key escrowed under the same id replaced: the person is told. Never the key. */
public record RecoveryKeyEscrowed(String owner, String provider, String storageAccount, String keyId, int version,
        boolean replaced, Instant escrowedAt) {
}
