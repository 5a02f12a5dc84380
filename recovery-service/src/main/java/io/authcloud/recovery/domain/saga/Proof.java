package io.authcloud.recovery.domain.saga;

import io.authcloud.platform.accounts.AccountKind;
import io.authcloud.platform.inbox.PoisonEvent;

/**
 * What proved an account on the new phone, as the events tell it: a code by email or SMS ({@code tenant}
 * null, a personal account) or a tenant's activation code (a work or school account of that tenant).
 */
public record Proof(String tenant) {

    public static final Proof PERSONAL = new Proof(null);

    public boolean isPersonal() {
        return tenant == null;
    }

    public AccountKind kind() {
        return isPersonal() ? AccountKind.PERSONAL : AccountKind.WORK;
    }

    /** From VerificationSucceeded: a {@code qr} verification names its tenant, email and SMS none. */
    public static Proof ofVerification(String method, String tenant) {
        if ("qr".equals(method) != (tenant != null)) {
            throw new PoisonEvent("a verification names a tenant exactly when an activation code proved it");
        }
        return new Proof(tenant);
    }

    /** From PushCredentialIssued: a {@code work} credential names its tenant, a personal one none. */
    public static Proof ofCredential(AccountKind kind, String tenant) {
        if ((kind == AccountKind.WORK) != (tenant != null)) {
            throw new PoisonEvent("a credential names a tenant exactly when it is a work credential");
        }
        return new Proof(tenant);
    }
}
