package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * backup-service's part of an erasure over the real broker: recovery-service's ErasureRequested deletes every
 * backup of the person (live or deleted, all versions) and nobody else's, confirms with BackupDataErased, and leaves
 * no row naming the person, not even in the outbox.
 */
@QuarkusTest
class ErasureTest extends BackupTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OutboxRelay relay;

    @Inject
    Pool pool;

    @Test
    void anErasureDeletesEveryBackupOfThePersonOnlyAndConfirms() throws Exception {
        KeycloakPeople.Person person = KeycloakPeople.create("backup-erasure");
        String owner = KeycloakTokens.subject(person.username());
        String live = freshStorageAccount();
        String deleted = freshStorageAccount();
        String alices = freshStorageAccount();
        create(person.username(), live, randomCiphertext(200)).then().statusCode(201);
        create(person.username(), deleted, randomCiphertext(200)).then().statusCode(201);
        as(person.username()).delete(path("icloud", deleted)).then().statusCode(204);
        create("alice", alices, randomCiphertext(200)).then().statusCode(201);
        relay.publishPending().await().atMost(WAIT);
        UUID erasure = UUID.randomUUID();

        try (KafkaTap tap = KafkaTap.open("backup-events")) {
            Map<String, Object> body = Map.of("erasureId", erasure.toString(), "owner", owner,
                    "services", List.of("backup-service", "verification-service", "notification-service"),
                    "requestedAt", Instant.now().toString());
            KAFKA.publish("recovery-events", owner, "io.authcloud.recovery.ErasureRequested", "/authcloud/recovery-service",
                    "erasures/" + erasure, JSON.writeValueAsString(body));

            KafkaTap.Record confirmed = Awaitility.await().atMost(WAIT).until(() -> {
                relay.publishPending().await().atMost(WAIT);
                return tap.drain(Duration.ofMillis(300)).stream()
                        .filter(r -> "io.authcloud.backup.BackupDataErased".equals(r.ceType())
                                && r.value().contains(erasure.toString())).findFirst().orElse(null);
            }, record -> record != null);
            assertThat(confirmed.key()).isEqualTo(owner);
            assertThat(JSON.readTree(confirmed.value()).get("erasureId").asText()).isEqualTo(erasure.toString());
            // No BackupDeleted or BackupPurged per backup: nobody is to be told of each one.
            assertThat(tap.drain(Duration.ofSeconds(1))).extracting(KafkaTap.Record::ceType)
                    .doesNotContain("io.authcloud.backup.BackupDeleted", "io.authcloud.backup.BackupPurged");
        }

        assertThat(as(person.username()).get("/v1/backups").then().statusCode(200).extract().jsonPath().getList("backups")).isEmpty();
        as("alice").get(path("icloud", alices)).then().statusCode(200);
        assertThat(count("SELECT count(*) FROM backup WHERE owner = $1", owner)).isZero();
        assertThat(count("SELECT count(*) FROM backup_version v JOIN backup b ON b.id = v.backup_id WHERE b.owner = $1", owner))
                .isZero();
        assertThat(count("SELECT count(*) FROM outbox_event WHERE record_key = $1", owner)).isZero();
        assertThat(count("SELECT count(*) FROM erased_subject WHERE subject_hash = $1",
                io.authcloud.platform.erasure.ErasedSubjects.hash(owner))).isOne();
    }

    private long count(String sql, String parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(WAIT).iterator().next().getLong(0);
    }
}
