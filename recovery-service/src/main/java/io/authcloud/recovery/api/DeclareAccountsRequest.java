package io.authcloud.recovery.api;

import io.authcloud.platform.accounts.AccountKind;
import io.authcloud.recovery.domain.saga.DeclaredAccount;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The push-enabled accounts the app restored: {@code {"accounts": [{accountRef, kind, tenant}]}}. */
@Schema(name = "DeclareAccountsRequest")
public record DeclareAccountsRequest(
        @Schema(required = true) @NotNull(message = "is required: a list of {accountRef, kind, tenant}")
        List<@Valid @NotNull Account> accounts) {

    /** One account as the app names it. */
    @Schema(name = "DeclaredAccount")
    public record Account(
            @NotNull(message = "is required: letters, digits and . _ : @ -, at most 200")
            @Pattern(regexp = Validation.IDENTIFIER, message = "is required: letters, digits and . _ : @ -, at most 200") String accountRef,
            @Schema(description = "personal, work or school", required = true)
            @NotNull(message = "must be personal, work or school") AccountKind kind,
            @Schema(description = "The tenant of a work or school account")
            @Pattern(regexp = Validation.IDENTIFIER, message = "must be letters, digits and . _ : @ -, at most 200") String tenant) {
    }

    /** The accounts, each named once, and a work or school one with its tenant (a personal one has none). */
    List<DeclaredAccount> declared() {
        Set<String> seen = new HashSet<>();
        List<DeclaredAccount> declared = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            Account account = accounts.get(i);
            if (!seen.add(account.accountRef())) {
                throw Validation.invalid("accounts[" + i + "].accountRef", "is declared twice");
            }
            if (account.kind().isOrganisation() && account.tenant() == null) {
                throw Validation.invalid("accounts[" + i + "].tenant", "is required for a " + account.kind().wire() + " account");
            }
            declared.add(new DeclaredAccount(account.accountRef(), account.kind(),
                    account.kind().isOrganisation() ? account.tenant() : null));
        }
        return declared;
    }
}
