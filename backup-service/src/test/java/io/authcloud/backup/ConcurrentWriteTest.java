package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.iosBody;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.testing.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Devices writing the same backup at the same moment: exactly one wins, no update is lost silently. */
@QuarkusTest
class ConcurrentWriteTest extends BackupTestBase {

    private static final int DEVICES = 8;

    @Test
    void ofDevicesReplacingTheSameVersionExactlyOneWinsAndTheOthersGet412() throws Exception {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);

        List<Integer> statuses = Race.of(DEVICES, device -> () -> as("alice").contentType("application/json")
                .header("If-Match", "\"1\"").body(iosBody(randomCiphertext(64 + device))).put(path("icloud", account)).statusCode());

        assertThat(statuses).containsOnly(200, 412);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        as("alice").get(path("icloud", account)).then().statusCode(200).header("ETag", "\"2\"");
        List<Integer> versions = as("alice").get(path("icloud", account) + "/versions").then().statusCode(200)
                .extract().jsonPath().getList("versions.version", Integer.class);
        assertThat(versions).containsExactly(2, 1);
    }

    @Test
    void ofDevicesCreatingTheSameBackupExactlyOneWinsAndTheOthersGet412() throws Exception {
        String account = freshStorageAccount();

        List<Response> answers = Race.of(DEVICES, device -> () -> create("alice", account, randomCiphertext(64 + device)));

        assertThat(answers).extracting(Response::statusCode).containsOnly(201, 412);
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 201).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 412)
                .allSatisfy(loser -> assertThat(loser.jsonPath().getInt("currentVersion")).as("the version to retry from").isEqualTo(1));
        as("alice").get(path("icloud", account)).then().statusCode(200).header("ETag", "\"1\"");
    }
}
