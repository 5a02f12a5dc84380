package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.iosBody;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static io.authcloud.backup.BackupApi.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.backup.domain.BackupStore;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.LocalKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every write leaves exactly one event on Kafka, as a CloudEvent keyed by its owner, however often the
 * relay runs and even when Kafka is down at the time of the write. The scheduled relay is off in tests;
 * each test drives it.
 */
@QuarkusTest
class BackupEventsTest extends BackupTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OutboxRelay relay;

    @Inject
    BackupStore store;

    @Test
    void eachWriteLeavesExactlyOneCloudEventEvenWhenTheRelayRunsTwice() throws Exception {
        String account = freshStorageAccount();
        String subject = "backups/icloud/" + account;
        try (KafkaTap tap = KafkaTap.open("backup-events")) {
            create("alice", account, randomCiphertext(64)).then().statusCode(201);
            replace("alice", account, "\"1\"", iosBody(randomCiphertext(64))).then().statusCode(200);
            as("alice").delete(path("icloud", account)).then().statusCode(204);
            as("alice").post(path("icloud", account) + "/restore").then().statusCode(200);

            List<Integer> passes = List.of(
                    relay.publishPending().await().atMost(WAIT),
                    relay.publishPending().await().atMost(WAIT));
            assertThat(passes.get(0)).isGreaterThanOrEqualTo(4);
            assertThat(passes.get(1)).isZero();

            List<KafkaTap.Record> events = tap.awaitCount(r -> subject.equals(r.header("ce_subject")), 4, WAIT);
            assertThat(tap.drain(Duration.ofSeconds(2))).filteredOn(r -> subject.equals(r.header("ce_subject"))).hasSize(4);
            assertThat(events).extracting(KafkaTap.Record::ceType).containsExactly(
                    "io.authcloud.backup.BackupStored", "io.authcloud.backup.BackupStored",
                    "io.authcloud.backup.BackupDeleted", "io.authcloud.backup.BackupRestored");
            assertThat(events).extracting(KafkaTap.Record::key).containsOnly(KeycloakTokens.subject("alice"));
            assertThat(events).extracting(KafkaTap.Record::partition).containsOnly(events.get(0).partition());
            Set<String> ids = new HashSet<>();
            for (KafkaTap.Record event : events) {
                assertThat(event.header("ce_specversion")).isEqualTo("1.0");
                assertThat(event.header("ce_source")).isEqualTo("/authcloud/backup-service");
                assertThat(Instant.parse(event.header("ce_time"))).isBefore(Instant.now().plusSeconds(1));
                assertThat(event.header("content-type")).isEqualTo("application/json");
                ids.add(event.ceId());
            }
            assertThat(ids).hasSize(4);

            JsonNode stored = JSON.readTree(events.get(1).value());
            assertThat(stored.get("version").asInt()).isEqualTo(2);
            assertThat(stored.get("storageAccount").asText()).isEqualTo(account);
            assertThat(stored.has("ciphertext")).as("no ciphertext in events").isFalse();
        }
    }

    @Test
    void relaysRunningAtTheSameTimePublishEachEventOnce() {
        String account = freshStorageAccount();
        try (KafkaTap tap = KafkaTap.open("backup-events")) {
            create("alice", account, randomCiphertext(64)).then().statusCode(201);

            List<Integer> published = io.smallrye.mutiny.Uni.join()
                    .all(relay.publishBatch(), relay.publishBatch(), relay.publishBatch()).andFailFast()
                    .await().atMost(WAIT);
            assertThat(published.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(1);
            relay.publishPending().await().atMost(WAIT);

            tap.await(r -> ("backups/icloud/" + account).equals(r.header("ce_subject")), WAIT);
            assertThat(tap.drain(Duration.ofSeconds(2)))
                    .filteredOn(r -> ("backups/icloud/" + account).equals(r.header("ce_subject"))).hasSize(1);
        }
    }

    @Test
    void aWriteWhileKafkaIsDownSucceedsAndItsEventIsPublishedOnceKafkaIsBack() {
        String account = freshStorageAccount();
        relay.publishPending().await().atMost(WAIT);
        LocalKafka.stop();
        try {
            create("alice", account, randomCiphertext(64)).then().statusCode(201);
            assertThatThrownBy(() -> relay.publishPending().await().atMost(Duration.ofSeconds(60)))
                    .as("the relay cannot publish while Kafka is down");
            assertThat(relay.pendingCount().await().atMost(WAIT)).isEqualTo(1L);
        } finally {
            LocalKafka.start();
        }
        try (KafkaTap tap = KafkaTap.open("backup-events")) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> relay.publishPending().await().atMost(WAIT) >= 0 && relay.pendingCount().await().atMost(WAIT) == 0);
            tap.await(r -> ("backups/icloud/" + account).equals(r.header("ce_subject")), WAIT);
            assertThat(tap.drain(Duration.ofSeconds(2)))
                    .filteredOn(r -> ("backups/icloud/" + account).equals(r.header("ce_subject"))).hasSize(1);
        }
    }

    @Test
    void everyEventHasExactlyTheFieldsOfTheCatalogue() throws Throwable {
        String account = freshStorageAccount();
        EventCatalogue catalogue = EventCatalogue.load();
        try (KafkaTap tap = KafkaTap.open("backup-events")) {
            create("alice", account, randomCiphertext(64)).then().statusCode(201);
            as("alice").delete(path("icloud", account)).then().statusCode(204);
            as("alice").post(path("icloud", account) + "/restore").then().statusCode(200);
            as("alice").delete(path("icloud", account)).then().statusCode(204);
            clock.advance(Duration.ofDays(31));
            VertxContextSupport.subscribeAndAwait(store::purgeExpired);
            relay.publishPending().await().atMost(WAIT);

            List<KafkaTap.Record> events = tap.awaitCount(r -> ("backups/icloud/" + account).equals(r.header("ce_subject")), 5, WAIT);
            assertThat(events).extracting(KafkaTap.Record::ceType).contains("io.authcloud.backup.BackupPurged");
            for (KafkaTap.Record event : events) {
                Set<String> fields = new HashSet<>();
                for (Iterator<String> names = JSON.readTree(event.value()).fieldNames(); names.hasNext(); ) {
                    fields.add(names.next());
                }
                assertThat(fields).as(event.ceType()).isEqualTo(catalogue.fieldsOf(event.ceType()));
            }
        }
    }
}
