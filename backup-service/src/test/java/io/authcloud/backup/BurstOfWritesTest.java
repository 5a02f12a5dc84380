package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.iosBody;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static io.authcloud.backup.BackupApi.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A burst of writes, such as a stolen token writing junk, cannot push the person's real backup out of history. */
@QuarkusTest
class BurstOfWritesTest extends BackupTestBase {

    private static final Duration PINNED_RETENTION = Duration.ofDays(30);

    @Test
    void aBurstOfWritesAfterAVersionThatStoodLeavesItReadableForThirtyDaysBesideTheLastFive() {
        String account = freshStorageAccount();
        byte[] real = randomCiphertext(200);
        write(account, 1, real, 4);
        clock.advance(Duration.ofHours(2));

        Instant replacedAt = write(account, 2, randomCiphertext(64), 4);
        for (int version = 3; version <= 13; version++) {
            clock.advance(Duration.ofMinutes(1));
            write(account, version, randomCiphertext(64), 4);
        }

        assertThat(versions(account)).containsExactly(13, 12, 11, 10, 9, 1);
        assertThat(keptUntil(account, 1)).isCloseTo(replacedAt.plus(PINNED_RETENTION), within(1, ChronoUnit.MILLIS));
        for (int version : List.of(13, 12, 11, 10, 9)) {
            assertThat(keptUntil(account, version)).as("keptUntil of version %d", version).isNull();
        }
        String restored = as("alice").get(path("icloud", account) + "/versions/1").then().statusCode(200)
                .body("version", equalTo(1))
                .body("accountCount", equalTo(4))
                .extract().path("ciphertext");
        assertThat(restored).isEqualTo(Base64.getEncoder().encodeToString(real));

        write(account, 14, Base64.getDecoder().decode(restored), 4);

        as("alice").get(path("icloud", account)).then().statusCode(200)
                .body("version", equalTo(14))
                .body("ciphertext", equalTo(restored));
        assertThat(versions(account)).containsExactly(14, 13, 12, 11, 10, 1);
    }

    @Test
    void aThiefsDeviceWritingRightAfterThePhonePinsThePhonesVersionButNoneOfItsOwn() {
        String account = freshStorageAccount();
        byte[] real = randomCiphertext(200);
        write(account, 1, real, 4);

        clock.advance(Duration.ofMinutes(1));
        Instant replacedAt = write(account, 2, randomCiphertext(64), 4, "thiefs-phone");
        for (int version = 3; version <= 11; version++) {
            clock.advance(Duration.ofMinutes(1));
            write(account, version, randomCiphertext(64), 4, "thiefs-phone");
        }

        assertThat(versions(account)).containsExactly(11, 10, 9, 8, 7, 1);
        assertThat(keptUntil(account, 1)).as("version 1 stood a minute, but the next write came from another device")
                .isCloseTo(replacedAt.plus(PINNED_RETENTION), within(1, ChronoUnit.MILLIS));
        for (int version : List.of(11, 10, 9, 8, 7)) {
            assertThat(keptUntil(account, version)).as("keptUntil of version %d", version).isNull();
        }
        as("alice").get(path("icloud", account) + "/versions/1").then().statusCode(200)
                .body("deviceId", equalTo("phone-a"))
                .body("ciphertext", equalTo(Base64.getEncoder().encodeToString(real)));
    }

    @Test
    void writesLessThanAnHourApartPinNothingSoHistoryStaysBounded() {
        String account = freshStorageAccount();
        write(account, 1, randomCiphertext(64), 4);
        for (int version = 2; version <= 12; version++) {
            clock.advance(Duration.ofMinutes(59));
            write(account, version, randomCiphertext(64), 4);
        }

        assertThat(versions(account)).containsExactly(12, 11, 10, 9, 8);
        for (int version = 0; version < 5; version++) {
            assertThat(history(account).getMap("versions[" + version + "]")).containsEntry("keptUntil", null);
        }
        as("alice").get(path("icloud", account) + "/versions/1").then()
                .statusCode(404).body("type", endsWith("/backup-not-found"));
    }

    @Test
    void aPinnedVersionIsPrunedByTheFirstWriteAfterItsThirtyDays() {
        String account = freshStorageAccount();
        write(account, 1, randomCiphertext(64), 4);
        clock.advance(Duration.ofHours(2));
        for (int version = 2; version <= 7; version++) {
            write(account, version, randomCiphertext(64), 4);
            clock.advance(Duration.ofMinutes(1));
        }
        Instant keptUntil = keptUntil(account, 1);
        assertThat(keptUntil).as("version 1 stood for two hours before version 2").isNotNull();
        assertThat(versions(account)).containsExactly(7, 6, 5, 4, 3, 1);

        clock.set(keptUntil.minus(Duration.ofMinutes(1)));
        write(account, 8, randomCiphertext(64), 4);
        assertThat(versions(account)).containsExactly(8, 7, 6, 5, 4, 1);

        clock.set(keptUntil.plus(Duration.ofMinutes(1)));
        write(account, 9, randomCiphertext(64), 4);

        assertThat(versions(account)).containsExactly(9, 8, 7, 6, 5);
        as("alice").get(path("icloud", account) + "/versions/1").then()
                .statusCode(404).body("type", endsWith("/backup-not-found"));
        assertThat(keptUntil(account, 7)).as("version 7 stood for 30 days before version 8").isNotNull();
        assertThat(keptUntil(account, 8)).as("version 8 stood for two minutes").isNull();
    }

    @Test
    void anExpiredPinStillLeavesTheNewestRealBackupInHistory() {
        String account = freshStorageAccount();
        byte[] real = randomCiphertext(200);
        write(account, 1, real, 3);
        clock.advance(Duration.ofHours(2));
        for (int version = 2; version <= 7; version++) {
            write(account, version, randomCiphertext(28), 0);
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofDays(31));

        write(account, 8, randomCiphertext(28), 0);

        assertThat(versions(account)).containsExactly(8, 7, 6, 5, 4, 1);
        assertThat(keptUntil(account, 1)).isBefore(clock.instant());
        as("alice").get(path("icloud", account) + "/versions/1").then().statusCode(200)
                .body("ciphertext", equalTo(Base64.getEncoder().encodeToString(real)));
    }

    @Test
    void aNewBackupOverADeletedOnePinsTheVersionThatStoodBeforeTheDeletion() {
        String account = freshStorageAccount();
        byte[] real = randomCiphertext(200);
        write(account, 1, real, 4);
        clock.advance(Duration.ofHours(2));
        as("alice").delete(path("icloud", account)).then().statusCode(204);

        Map<String, Object> fresh = iosBody(randomCiphertext(64));
        Instant replacedAt = Instant.parse(as("alice").contentType("application/json").header("If-None-Match", "*")
                .body(fresh).put(path("icloud", account)).then().statusCode(200)
                .header("ETag", "\"2\"")
                .extract().path("updatedAt"));
        for (int version = 3; version <= 8; version++) {
            clock.advance(Duration.ofMinutes(1));
            write(account, version, randomCiphertext(64), 4);
        }

        assertThat(versions(account)).containsExactly(8, 7, 6, 5, 4, 1);
        assertThat(keptUntil(account, 1)).isCloseTo(replacedAt.plus(PINNED_RETENTION), within(1, ChronoUnit.MILLIS));
        as("alice").get(path("icloud", account) + "/versions/1").then().statusCode(200)
                .body("ciphertext", equalTo(Base64.getEncoder().encodeToString(real)));
    }

    /** Writes {@code version} of alice's iCloud backup (creating it for version 1); answers its updatedAt. */
    private static Instant write(String account, int version, byte[] ciphertext, int accountCount) {
        return write(account, version, ciphertext, accountCount, "phone-a");
    }

    /** Writes {@code version} from {@code deviceId}, as {@link #write(String, int, byte[], int)} does. */
    private static Instant write(String account, int version, byte[] ciphertext, int accountCount, String deviceId) {
        Map<String, Object> body = new HashMap<>(iosBody(ciphertext));
        body.put("accountCount", accountCount);
        body.put("deviceId", deviceId);
        var response = version == 1
                ? as("alice").contentType("application/json").header("If-None-Match", "*").body(body)
                        .put(path("icloud", account)).then().statusCode(201)
                : replace("alice", account, "\"" + (version - 1) + "\"", body).then().statusCode(200);
        return Instant.parse(response.body("version", equalTo(version)).extract().path("updatedAt"));
    }

    private static JsonPath history(String account) {
        return as("alice").get(path("icloud", account) + "/versions").then().statusCode(200).extract().jsonPath();
    }

    private static List<Integer> versions(String account) {
        return history(account).getList("versions.version", Integer.class);
    }

    private static Instant keptUntil(String account, int version) {
        String keptUntil = history(account).getString("versions.find { it.version == " + version + " }.keptUntil");
        return keptUntil == null ? null : Instant.parse(keptUntil);
    }
}
