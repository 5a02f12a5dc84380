package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.simulator.app.ApiProblem;
import io.authcloud.simulator.app.Phone;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each reason a backup is unavailable, as its own clear answer on the new phone. */
@ExtendWith(RunningStack.class)
class WhenABackupIsNotAvailableTest {

    @Test
    void anAndroidPhoneIsToldTheBackupIsOnTheOtherPlatform() {
        Phone iphone = People.phone("alice", "ios", People.freshStorageAccount("alice"));
        iphone.addThirdParty("otpauth://totp/Chirp:alice?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        iphone.backup();
        Phone android = People.phone("alice", "android", People.freshStorageAccount("alice"));

        ApiProblem problem = refused("backup-on-other-platform", 409, android::startRecovery);

        // What follows is the way out, which the server words (MoveToAnotherPlatformTest follows it).
        assertThat(problem.getMessage()).startsWith("This backup is stored in iCloud, but this phone is Android.");
        assertThat(problem.body().get("provider").asText()).isEqualTo("icloud");
    }

    @Test
    void aPhoneThatHoldsAccountsIsRefusedSoNewerDataIsNeverOverwritten() {
        Phone phone = People.phone("alice", "ios", People.freshStorageAccount("alice"));
        phone.addThirdParty("otpauth://totp/Chirp:alice?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        phone.backup();

        ApiProblem problem = refused("existing-accounts", 409, phone::startRecovery);

        assertThat(problem.getMessage()).contains("Remove the accounts on this device first");
    }

    @Test
    void aDeletedBackupIsReportedWithItsUndoDeadlineAndCanBeRestored() {
        String storage = People.freshStorageAccount("alice");
        Phone old = People.phone("alice", "ios", storage);
        old.addThirdParty("otpauth://totp/Chirp:alice?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        old.backup();
        old.deleteBackup();
        Phone fresh = People.phone("alice", "ios", storage);

        ApiProblem problem = refused("backup-deleted", 410, fresh::startRecovery);
        assertThat(Instant.parse(problem.body().get("restoreDeadline").asText())).isAfter(Instant.now().plusSeconds(29L * 24 * 3600));

        old.undeleteBackup();
        fresh.startRecovery();
        People.proveKeyReleaseByEmail(fresh, "alice@example.test");
        fresh.restore();
        assertThat(fresh.state().accounts).hasSize(1);
    }

    @Test
    void withNoBackupAtAllThePhoneSaysWhatToCheck() {
        Phone phone = People.phone("dave", "android", People.freshStorageAccount("dave"));

        ApiProblem problem = refused("backup-not-found", 404, phone::startRecovery);

        assertThat(problem.getMessage()).contains("same recovery account").contains("Google Drive");
    }
}
