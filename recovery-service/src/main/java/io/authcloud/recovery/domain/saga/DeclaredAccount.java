package io.authcloud.recovery.domain.saga;

/** A push-enabled account the app restored, as it declares it. */
public record DeclaredAccount(String accountRef, String kind, String tenant) {
}
