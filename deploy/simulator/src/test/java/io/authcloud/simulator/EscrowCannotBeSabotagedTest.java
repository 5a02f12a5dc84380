package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;
import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.simulator.app.Account;
import io.authcloud.simulator.app.Http;
import io.authcloud.simulator.app.Phone;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stolen access token (no recent sign-in) cannot replace the escrowed key that opens the person's
 * backup, and every escrow and every deletion is told to the person. Through the gateway.
 */
@ExtendWith(RunningStack.class)
class EscrowCannotBeSabotagedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aStolenTokenCannotReplaceTheEscrowedKeyAndTheRealBackupStillOpens() {
        KeycloakPeople.Person person = KeycloakPeople.create("escrow");
        String storage = People.freshStorageAccount(person.username());
        Phone own = phone(person, storage);
        own.addThirdParty("otpauth://totp/Chirp:x?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        own.backup();
        GreenMailInbox.await(person.email(), mail -> mail.subject().equals("A backup key was escrowed")
                && mail.body().contains(storage), WAIT);

        Http stolen = new Http(RunningStack.ENDPOINTS.gateway(), () -> KeycloakTokens.password(person.username()));
        String location = "/v1/recovery-keys/icloud/" + storage;
        Map<String, String> junk = Map.of("key", Base64.getEncoder().encodeToString(randomKey()), "keyId", own.state().backupKeyId);
        refused("step-up-required", 401, () -> stolen.put(location, junk, Map.of("If-Match", "\"1\"")));
        refused("precondition-required", 428, () -> stolen.put(location, junk, Map.of()));
        refused("version-conflict", 412, () -> stolen.put(location, junk, Map.of("If-None-Match", "*")));

        Phone recovering = phone(person, storage);
        recovering.startRecovery();
        People.proveKeyReleaseByEmail(recovering, person.email());
        recovering.restore();
        assertThat(recovering.state().accounts).extracting(Account::issuer).containsExactly("Chirp");
        assertThat(GreenMailInbox.messages(person.email())).extracting(GreenMailInbox.Mail::subject)
                .doesNotContain("Your backup key was replaced");
    }

    @Test
    void deletingABackupIsToldWithItsRestoreDeadline() {
        KeycloakPeople.Person person = KeycloakPeople.create("deleted");
        String storage = People.freshStorageAccount(person.username());
        Phone own = phone(person, storage);
        own.addThirdParty("otpauth://totp/Chirp:x?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        own.backup();
        own.deleteBackup();
        GreenMailInbox.await(person.email(), mail -> mail.subject().equals("Your authenticator backup was deleted")
                && mail.body().contains(storage), WAIT);
    }

    private static Phone phone(KeycloakPeople.Person person, String storage) {
        Phone phone = Phone.create(People.PHONES.resolve(person.username() + "-" + UUID.randomUUID()),
                RunningStack.ENDPOINTS, "ios", storage);
        phone.signIn(person.username(), person.password(), false);
        return phone;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
