package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.GreenMailInbox;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakPeople.Person;
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
 * notification-service's part of an erasure over the real broker: recovery-service's ErasureRequested deletes the
 * person's devices, credentials and activity (and nobody else's), NotificationDataErased confirms, an event about
 * them written before the erasure and read after it brings nothing back, and ErasureCompleted sends the last mail.
 */
@QuarkusTest
class ErasureTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OutboxRelay relay;

    @Inject
    Pool pool;

    @Test
    void anErasureDeletesThePersonsDevicesCredentialsAndActivityConfirmsAndMailsOnceDone() throws Exception {
        Person person = KeycloakPeople.create("notification-erasure");
        Phone phone = Phone.of(person.username());
        phone.register("ios", "apns").then().statusCode(201);
        Credentials.issue(KAFKA, phone, "personal-" + UUID.randomUUID(), "email", null);
        Phone alices = Phone.of("alice");
        alices.register("android", "fcm").then().statusCode(201);
        relay.publishPending().await().atMost(WAIT);
        Awaitility.await().atMost(WAIT).until(() -> count("SELECT count(*) FROM activity WHERE owner = $1", person.sub()) > 0);
        Instant beforeTheErasure = Instant.now();
        UUID erasure = UUID.randomUUID();

        try (KafkaTap tap = KafkaTap.open("credential-events")) {
            publish("recovery-events", "recovery-service", person, "io.authcloud.recovery.ErasureRequested", Map.of(
                    "erasureId", erasure.toString(), "services", List.of("notification-service"),
                    "requestedAt", Instant.now().toString()));
            KafkaTap.Record confirmed = Awaitility.await().atMost(WAIT).until(() -> {
                relay.publishPending().await().atMost(WAIT);
                return tap.drain(Duration.ofMillis(300)).stream()
                        .filter(r -> "io.authcloud.notification.NotificationDataErased".equals(r.ceType())
                                && r.value().contains(erasure.toString())).findFirst().orElse(null);
            }, record -> record != null);
            assertThat(confirmed.key()).isEqualTo(person.sub());
            assertThat(tap.drain(Duration.ofMillis(500))).extracting(KafkaTap.Record::ceType)
                    .doesNotContain("io.authcloud.notification.PushCredentialRevoked");
        }
        for (String table : List.of("device", "push_credential", "credential_grant", "activity", "outbox_event")) {
            String column = table.equals("outbox_event") ? "record_key" : "owner";
            assertThat(count("SELECT count(*) FROM " + table + " WHERE " + column + " = $1", person.sub())).as(table).isZero();
        }
        given().auth().oauth2(io.authcloud.testing.KeycloakTokens.password("alice")).get("/v1/devices").then().statusCode(200);
        assertThat(count("SELECT count(*) FROM device WHERE device_id = $1", alices.deviceId)).isOne();

        // An event about them written before the erasure, read after it (a lagging consumer), brings nothing back.
        KAFKA.publish("backup-events", UUID.randomUUID().toString(), person.sub(), "io.authcloud.backup.BackupPurged",
                "/authcloud/backup-service", "backups/icloud/s-late", JSON.writeValueAsString(Map.of("owner", person.sub(),
                        "provider", "icloud", "storageAccount", "s-late", "purgedAt", beforeTheErasure.toString())),
                beforeTheErasure);
        Thread.sleep(3000);
        assertThat(count("SELECT count(*) FROM activity WHERE owner = $1", person.sub())).isZero();

        publish("recovery-events", "recovery-service", person, "io.authcloud.recovery.ErasureCompleted", Map.of(
                "erasureId", erasure.toString(), "completedAt", Instant.now().toString()));
        GreenMailInbox.Mail last = GreenMailInbox.await(person.email(),
                mail -> mail.subject().equals("Everything authcloud kept about you is erased"), WAIT);
        assertThat(last.body()).contains("erased").doesNotContain(person.sub());
        Thread.sleep(1000);
        assertThat(count("SELECT count(*) FROM security_notice WHERE owner = $1", person.sub())).isZero();
    }

    private long count(String sql, String parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static void publish(String topic, String producer, Person person, String type, Map<String, Object> fields)
            throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(fields);
        body.put("owner", person.sub());
        KAFKA.publish(topic, person.sub(), type, "/authcloud/" + producer, "erasures/" + fields.get("erasureId"),
                JSON.writeValueAsString(body));
    }
}
