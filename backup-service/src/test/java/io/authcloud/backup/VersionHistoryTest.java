package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.iosBody;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static io.authcloud.backup.BackupApi.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VersionHistoryTest extends BackupTestBase {

    @Test
    void keepsTheLastFiveVersionsAndPrunesOlderOnes() {
        String account = freshStorageAccount();
        byte[][] written = writeVersions(account, 7, 4);

        List<Integer> kept = versions(account);
        assertThat(kept).containsExactly(7, 6, 5, 4, 3);
        as("alice").get(path("icloud", account) + "/versions/2").then()
                .statusCode(404).body("type", endsWith("/backup-not-found"));
        as("alice").get(path("icloud", account) + "/versions/3").then().statusCode(200)
                .header("ETag", "\"3\"")
                .body("version", equalTo(3))
                .body("ciphertext", equalTo(Base64.getEncoder().encodeToString(written[2])));
        as("alice").get(path("icloud", account) + "/versions").then()
                .body("versions[0].current", equalTo(true))
                .body("versions[1].current", equalTo(false));
    }

    @Test
    void emptyBackupsFromAFreshInstallNeverPushTheLastRealBackupOutOfHistory() {
        String account = freshStorageAccount();
        byte[][] real = writeVersions(account, 2, 3);
        for (int version = 3; version <= 9; version++) {
            Map<String, Object> empty = iosBody(randomCiphertext(28));
            empty.put("accountCount", 0);
            replace("alice", account, "\"" + (version - 1) + "\"", empty).then().statusCode(200);
        }

        assertThat(versions(account)).containsExactly(9, 8, 7, 6, 5, 2);
        as("alice").get(path("icloud", account) + "/versions/2").then().statusCode(200)
                .body("accountCount", equalTo(3))
                .body("ciphertext", equalTo(Base64.getEncoder().encodeToString(real[1])));
    }

    @Test
    void refusesAVersionNumberThatIsNotANumber() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(8)).then().statusCode(201);
        as("alice").get(path("icloud", account) + "/versions/latest").then()
                .statusCode(400).body("errors[0].field", equalTo("version"));
    }

    private static byte[][] writeVersions(String account, int count, int accountCount) {
        byte[][] written = new byte[count][];
        for (int version = 1; version <= count; version++) {
            written[version - 1] = randomCiphertext(100 + version);
            Map<String, Object> body = iosBody(written[version - 1]);
            body.put("accountCount", accountCount);
            if (version == 1) {
                as("alice").contentType("application/json").header("If-None-Match", "*").body(body)
                        .put(path("icloud", account)).then().statusCode(201);
            } else {
                replace("alice", account, "\"" + (version - 1) + "\"", body).then().statusCode(200);
            }
        }
        return written;
    }

    private static List<Integer> versions(String account) {
        return as("alice").get(path("icloud", account) + "/versions").then().statusCode(200)
                .extract().jsonPath().getList("versions.version", Integer.class);
    }
}
