package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.iosBody;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.backup.domain.BackupStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeleteRestorePurgeTest extends BackupTestBase {

    @Inject
    BackupStore store;

    @Test
    void aDeletedBackupAnswers410WithItsRestoreDeadline() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        Instant deletedAround = clock.instant();

        as("alice").delete(path("icloud", account)).then().statusCode(204);

        String deadline = as("alice").get(path("icloud", account)).then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("type", endsWith("/backup-deleted"))
                .body("detail", containsString("restore it until"))
                .extract().path("restoreDeadline");
        assertThat(Instant.parse(deadline)).isBetween(deletedAround.plus(Duration.ofDays(30)).minusSeconds(5),
                deletedAround.plus(Duration.ofDays(30)).plusSeconds(5));
        as("alice").get(path("icloud", account) + "/versions").then().statusCode(410);
        as("alice").get("/v1/backups").then().statusCode(200)
                .body("backups.find { it.storageAccount == '" + account + "' }.deleted", equalTo(true))
                .body("backups.find { it.storageAccount == '" + account + "' }.restoreDeadline", equalTo(deadline));
        as("alice").delete(path("icloud", account)).then().statusCode(410);
    }

    @Test
    void restoreUndoesTheDeletionWithEveryVersion() {
        String account = freshStorageAccount();
        byte[] ciphertext = randomCiphertext(64);
        create("alice", account, ciphertext).then().statusCode(201);
        as("alice").delete(path("icloud", account)).then().statusCode(204);
        clock.advance(Duration.ofDays(29));

        as("alice").post(path("icloud", account) + "/restore").then()
                .statusCode(200).body("deleted", equalTo(false)).body("version", equalTo(1));

        as("alice").get(path("icloud", account)).then().statusCode(200)
                .body("ciphertext", equalTo(Base64.getEncoder().encodeToString(ciphertext)));
    }

    @Test
    void restoringABackupThatIsNotDeletedChangesNothing() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        as("alice").post(path("icloud", account) + "/restore").then().statusCode(200).body("version", equalTo(1));
        as("alice").post(path("icloud", freshStorageAccount()) + "/restore").then().statusCode(404);
    }

    @Test
    void afterTheDeadlineTheBackupCannotBeRestoredAndThePurgeRemovesIt() throws Throwable {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        as("alice").delete(path("icloud", account)).then().statusCode(204);
        clock.advance(Duration.ofDays(30).plusMinutes(1));

        as("alice").post(path("icloud", account) + "/restore").then()
                .statusCode(410).body("detail", containsString("can no longer be restored"));

        Integer purged = VertxContextSupport.subscribeAndAwait(store::purgeExpired);
        assertThat(purged).isGreaterThanOrEqualTo(1);
        as("alice").get(path("icloud", account)).then().statusCode(404).body("type", endsWith("/backup-not-found"));
        as("alice").get("/v1/backups").then().statusCode(200)
                .body("backups.findAll { it.storageAccount == '" + account + "' }.size()", equalTo(0));
    }

    @Test
    void thePurgeLeavesBackupsWithinTheirRestoreWindow() throws Throwable {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        as("alice").delete(path("icloud", account)).then().statusCode(204);
        clock.advance(Duration.ofDays(29));

        VertxContextSupport.subscribeAndAwait(store::purgeExpired);

        as("alice").get(path("icloud", account)).then().statusCode(410);
    }

    @Test
    void aNewBackupOverADeletedOneStartsTheNextVersionAndKeepsHistory() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        as("alice").delete(path("icloud", account)).then().statusCode(204);

        create("alice", account, randomCiphertext(65)).then().statusCode(200).header("ETag", "\"2\"");

        as("alice").get(path("icloud", account) + "/versions").then().statusCode(200)
                .body("versions.version", org.hamcrest.Matchers.contains(2, 1));
    }

    @Test
    void deleteHonoursIfMatch() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
        BackupApi.replace("alice", account, "\"1\"", iosBody(randomCiphertext(64))).then().statusCode(200);
        as("alice").header("If-Match", "\"1\"").delete(path("icloud", account)).then()
                .statusCode(412).body("currentVersion", equalTo(2));
        as("alice").header("If-Match", "\"2\"").delete(path("icloud", account)).then().statusCode(204);
    }
}
