package io.authcloud.verification.events;

import java.time.Instant;
import java.util.UUID;

/** verification-service erased everything it held about {@code owner} for erasure {@code erasureId}. */
public record VerificationDataErased(UUID erasureId, String owner, Instant erasedAt) {
}
