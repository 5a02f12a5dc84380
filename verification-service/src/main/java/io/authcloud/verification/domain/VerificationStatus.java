package io.authcloud.verification.domain;

/** The life of a verification: it ends verified, locked after too many wrong codes, or expired. */
public enum VerificationStatus {
    PENDING,
    VERIFIED,
    LOCKED,
    EXPIRED
}
