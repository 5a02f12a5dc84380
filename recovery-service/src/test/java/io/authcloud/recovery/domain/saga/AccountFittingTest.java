package io.authcloud.recovery.domain.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authcloud.platform.accounts.AccountKind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which proof moves which declared account: the rule, without a server. */
@Tag("unit")
class AccountFittingTest {

    private static RecoveryAccount declared(String kind, String tenant) {
        RecoveryAccount account = new RecoveryAccount();
        account.declared = true;
        account.kind = AccountKind.of(kind).orElseThrow();
        account.tenant = tenant;
        return account;
    }

    @Test
    void aPersonalAccountIsProvenOnlyByACodeByEmailOrSms() {
        assertThat(declared("personal", null).fits(Proof.PERSONAL)).isTrue();
        assertThat(declared("personal", null).fits(new Proof("contoso"))).isFalse();
    }

    @Test
    void aWorkOrSchoolAccountIsProvenOnlyByItsOwnTenantsActivationCode() {
        assertThat(declared("work", "contoso").fits(new Proof("contoso"))).isTrue();
        assertThat(declared("school", "contoso").fits(new Proof("contoso"))).isTrue();
        assertThat(declared("work", "contoso").fits(new Proof("fabrikam"))).isFalse();
        assertThat(declared("work", "contoso").fits(Proof.PERSONAL)).isFalse();
    }

    @Test
    void anAccountNotDeclaredYetKeepsWhateverProofCameFirst() {
        assertThat(new RecoveryAccount().fits(new Proof("contoso"))).isTrue();
    }

    @Test
    void aVerificationOrCredentialNamesATenantExactlyWhenATenantProvedIt() {
        assertThat(Proof.ofVerification("qr", "contoso").tenant()).isEqualTo("contoso");
        assertThat(Proof.ofVerification("email", null).isPersonal()).isTrue();
        assertThatThrownBy(() -> Proof.ofVerification("email", "contoso")).isInstanceOf(io.authcloud.platform.inbox.PoisonEvent.class);
        assertThatThrownBy(() -> Proof.ofCredential(AccountKind.WORK, null)).isInstanceOf(io.authcloud.platform.inbox.PoisonEvent.class);
    }

    @Test
    void accountsOnlyMoveForward() {
        assertThat(RecoveryAccount.rank(RecoveryAccount.State.CREDENTIAL_ISSUED)).isGreaterThan(RecoveryAccount.rank(RecoveryAccount.State.VERIFIED))
                .isGreaterThan(RecoveryAccount.rank(RecoveryAccount.State.VERIFICATION_REQUIRED));
        assertThat(declared("personal", null).method()).isEqualTo("sign-in");
        assertThat(declared("school", "contoso").method()).isEqualTo("qr");
    }
}
