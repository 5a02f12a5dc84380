package io.authcloud.simulator;

import io.authcloud.simulator.app.Mailbox;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.Portal;
import io.authcloud.simulator.app.TenantAdmin;
import io.authcloud.simulator.app.QrCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** The demo users and what they do, with the simulator's code, against the running stack. */
final class People {

    static final Path PHONES = tempDir();
    static final Mailbox MAILBOX = new Mailbox(RunningStack.ENDPOINTS.mailbox());

    private People() {
    }

    /** A new phone of {@code user}, signed in. */
    static Phone phone(String user, String platform, String storageAccount) {
        Phone phone = Phone.create(PHONES.resolve(user + "-" + UUID.randomUUID()), RunningStack.ENDPOINTS, platform, storageAccount);
        phone.signIn(user, user + "-password", false);
        return phone;
    }

    static String freshStorageAccount(String user) {
        return user + "-storage-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The person reads the code from their mailbox, as the demo does. */
    static io.authcloud.simulator.app.Account verifyByEmail(Phone phone, String accountRef, String email) {
        int seen = MAILBOX.count(email);
        return phone.verifyPersonal(accountRef, "email", started -> MAILBOX.awaitCode(email, seen, Duration.ofSeconds(30)));
    }

    /** The person enters on the recovering phone a code mailed to them: only then may the backup key leave. */
    static void proveKeyReleaseByEmail(Phone phone, String email) {
        int seen = MAILBOX.count(email);
        phone.proveByCode("email", started -> MAILBOX.awaitCode(email, seen, Duration.ofSeconds(30)));
    }

    /** carol (contoso's admin) issues a QR code for {@code user}; the phone's camera reads it. */
    static io.authcloud.simulator.app.Account activateWithCarolsQr(Phone phone, String user, String accountRef) {
        TenantAdmin.Issued issued = new TenantAdmin(RunningStack.ENDPOINTS, "carol", "carol-password").issue(user, accountRef);
        return phone.scanQr(accountRef, QrCodes.read(issued.png()));
    }

    static Portal portal() {
        return new Portal(RunningStack.ENDPOINTS, "sign-in-portal", "sign-in-portal-local-secret");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("authcloud-phones");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
