package io.authcloud.recovery.domain.saga;

import io.authcloud.platform.accounts.AccountKind;

/** A push-enabled account the app restored, as it declares it. */
public record DeclaredAccount(String accountRef, AccountKind kind, String tenant) {
}
