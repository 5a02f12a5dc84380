package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.iosBody;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static io.authcloud.backup.BackupApi.replace;
import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.testing.KafkaTap;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The relay publishes when a write is done, not at its next poll: with the scheduler off (no poll at all), only
 * the wake-up after the answer (OutboxWakeUp) can bring these events to Kafka, and it does, in order, once each.
 */
@QuarkusTest
@TestProfile(ACommitWakesTheRelayTest.RelayOnWithoutPoll.class)
class ACommitWakesTheRelayTest extends BackupTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    public static class RelayOnWithoutPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("authcloud.outbox.relay-enabled", "true", "quarkus.scheduler.enabled", "false");
        }
    }

    @Test
    void aCommittedWriteReachesKafkaWithoutWaitingForThePoll() {
        String account = freshStorageAccount();
        String subject = "backups/icloud/" + account;
        try (KafkaTap tap = KafkaTap.open("backup-events")) {
            create("alice", account, randomCiphertext(64)).then().statusCode(201);
            replace("alice", account, "\"1\"", iosBody(randomCiphertext(64))).then().statusCode(200);

            List<KafkaTap.Record> events = tap.awaitCount(r -> subject.equals(r.header("ce_subject")), 2, WAIT);
            assertThat(events).extracting(KafkaTap.Record::ceType)
                    .containsExactly("io.authcloud.backup.BackupStored", "io.authcloud.backup.BackupStored");
            assertThat(tap.drain(Duration.ofSeconds(1))).filteredOn(r -> subject.equals(r.header("ce_subject"))).hasSize(2);
        }
    }
}
