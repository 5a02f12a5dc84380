package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.iosBody;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Devices writing the same backup at the same moment: exactly one wins, no update is lost silently. */
@QuarkusTest
class ConcurrentWriteTest extends BackupTestBase {

    private static final int DEVICES = 8;

    @Test
    void ofDevicesReplacingTheSameVersionExactlyOneWinsAndTheOthersGet412() throws Exception {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);

        List<Integer> statuses = race(device -> as("alice").contentType("application/json").header("If-Match", "\"1\"")
                .body(iosBody(randomCiphertext(64 + device))).put(path("icloud", account)).statusCode());

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

        List<Integer> statuses = race(device -> create("alice", account, randomCiphertext(64 + device)).statusCode());

        assertThat(statuses).containsOnly(201, 412);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        as("alice").get(path("icloud", account)).then().statusCode(200).header("ETag", "\"1\"");
    }

    /** Starts every device's request at the same instant and collects the status codes. */
    private static List<Integer> race(IntFunction<Integer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int device = 0; device < DEVICES; device++) {
                int id = device;
                results.add(pool.submit(() -> {
                    start.await();
                    return request.apply(id);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
