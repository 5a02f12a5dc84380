package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakPeople.Person;
import io.authcloud.testing.KeycloakTokens;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The security-activity projection over the real broker: events of all four services' topics (this service's
 * own included) become one timeline per person, newest first, a page at a time, each event once, with only
 * the fields its kind allows.
 */
@QuarkusTest
class ActivityTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OutboxRelay relay;

    @Test
    void everyServicesEventsMakeOnePersonalTimelineNewestFirstAPageAtATime() {
        Person person = KeycloakPeople.create("activity");
        Person other = KeycloakPeople.create("activity-other");
        Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        UUID recovery = UUID.randomUUID();
        String stored = publish("backup-events", person, "io.authcloud.backup.BackupStored", "backups/icloud/s-1", Map.of(
                "provider", "icloud", "storageAccount", "s-1", "version", 3, "platform", "ios", "deviceId", "phone-1",
                "sizeBytes", 1024, "sha256", "ab".repeat(32), "keyId", "key-1", "formatVersion", 1, "storedAt", t0.toString()));
        publish("verification-events", person, "io.authcloud.verification.VerificationFailed", "verifications/v-1", Map.of(
                "verificationId", UUID.randomUUID().toString(), "purpose", "key-release", "recoveryId", recovery.toString(),
                "deviceId", "phone-2", "method", "sms", "attemptsLeft", 3, "failedAt", t0.plusSeconds(10).toString()));
        publish("recovery-events", person, "io.authcloud.recovery.RecoveryStarted", "recoveries/" + recovery, Map.of(
                "recoveryId", recovery.toString(), "deviceId", "phone-2", "platform", "ios", "provider", "icloud",
                "storageAccount", "s-1", "backupVersion", 3, "startedAt", t0.plusSeconds(20).toString(),
                "expiresAt", t0.plus(Duration.ofDays(1)).toString()));
        publish("recovery-events", person, "io.authcloud.recovery.RecoveryKeyReleased", "recoveries/" + recovery, Map.of(
                "recoveryId", recovery.toString(), "deviceId", "phone-2", "platform", "ios", "provider", "icloud",
                "storageAccount", "s-1", "keyId", "key-1", "secondFactor", "sms", "startedAt", t0.plusSeconds(20).toString(),
                "releasedAt", t0.plusSeconds(30).toString()));
        publish("backup-events", other, "io.authcloud.backup.BackupStored", "backups/icloud/s-2", Map.of(
                "provider", "icloud", "storageAccount", "s-2", "version", 1, "platform", "ios",
                "deviceId", "the-other-persons-phone", "sizeBytes", 10, "sha256", "cd".repeat(32), "keyId", "key-9",
                "formatVersion", 1, "storedAt", t0.toString()));
        // This service's own event, through its outbox and credential-events, after the verification that allowed it.
        Phone phone = Phone.of(person.username());
        String credential = Credentials.issue(KAFKA, phone, "personal-" + UUID.randomUUID(), "email", null).getString("id");
        relay.publishPending().await().atMost(WAIT);

        List<Map<String, Object>> timeline = awaitEntries(person, 6);
        assertThat(timeline).extracting(entry -> entry.get("kind")).containsExactly("credential-issued", "verification-succeeded",
                "recovery-key-released", "recovery-started", "verification-failed", "backup-stored");
        Map<String, Object> backup = timeline.get(5);
        assertThat(backup).containsEntry("id", stored).containsEntry("deviceId", "phone-1")
                .containsEntry("occurredAt", t0.toString());
        assertThat(backup.get("details")).isEqualTo(Map.of("provider", "icloud", "storageAccount", "s-1", "version", 3,
                "platform", "ios"));
        assertThat(timeline.get(4).get("details")).isEqualTo(Map.of("verificationId",
                ((Map<?, ?>) timeline.get(4).get("details")).get("verificationId"), "purpose", "key-release",
                "recoveryId", recovery.toString(), "method", "sms", "attemptsLeft", 3));
        @SuppressWarnings("unchecked")
        Map<String, Object> issued = (Map<String, Object>) timeline.get(0).get("details");
        assertThat(issued).containsEntry("credentialId", credential).containsEntry("kind", "personal");
        assertThat(timeline.get(0)).containsEntry("deviceId", phone.deviceId);
        assertThat(timeline.toString()).doesNotContain("ab".repeat(32)).doesNotContain("sizeBytes")
                .doesNotContain("the-other-persons-phone").doesNotContain("storageAccount=s-2");
        assertThat(awaitEntries(other, 1)).extracting(entry -> entry.get("kind")).containsExactly("backup-stored");

        // Pages of two: the same entries, each once, in the same order.
        List<Object> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = page(person, "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).extract().jsonPath();
            paged.addAll(page.getList("items.id"));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(timeline.stream().map(entry -> entry.get("id")).toList());
    }

    @Test
    void anEventDeliveredTwiceIsOneEntryAndAnotherPersonsEventIsNotYours() {
        Person person = KeycloakPeople.create("activity-twice");
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> body = body(person, Map.of("provider", "google-drive", "storageAccount", "s-3", "version", 2,
                "deletedAt", Instant.now().toString(), "restoreDeadline", Instant.now().plus(Duration.ofDays(30)).toString()));
        KAFKA.publish("backup-events", eventId, person.sub(), "io.authcloud.backup.BackupDeleted", "/authcloud/backup-service",
                "backups/google-drive/s-3", Events.json(body));
        awaitEntries(person, 1);
        KAFKA.publish("backup-events", eventId, person.sub(), "io.authcloud.backup.BackupDeleted", "/authcloud/backup-service",
                "backups/google-drive/s-3", Events.json(body));
        // A later event of the same person on the same partition: once it is in, the repeat was read before it.
        publish("backup-events", person, "io.authcloud.backup.BackupPurged", "backups/google-drive/s-3", Map.of(
                "provider", "google-drive", "storageAccount", "s-3", "purgedAt", Instant.now().plusSeconds(1).toString()));

        assertThat(awaitEntries(person, 2)).extracting(entry -> entry.get("kind")).containsExactly("backup-purged", "backup-deleted");
    }

    @Test
    void badPagesAreProblemsAndOnlyAnAppUserReadsTheirOwn() {
        String alice = KeycloakTokens.password("alice");
        for (String query : List.of("?limit=0", "?limit=101", "?limit=ten", "?limit=-1", "?cursor=%25%25", "?cursor=bm90IGEgY3Vyc29y")) {
            given().auth().oauth2(alice).get("/v1/me/activity" + query).then()
                    .statusCode(400).contentType(containsString("application/problem+json"))
                    .body("type", endsWith("/invalid-request")).body("detail", containsString(query.contains("limit") ? "limit" : "cursor"));
        }
        given().get("/v1/me/activity").then().statusCode(401);
        // A relying party's token is no person's: it reads nobody's activity.
        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).get("/v1/me/activity").then().statusCode(403);
    }

    private static io.restassured.response.ValidatableResponse page(Person person, String query) {
        return given().auth().oauth2(KeycloakTokens.password(person.username())).get("/v1/me/activity" + query).then()
                .statusCode(200);
    }

    private static List<Map<String, Object>> awaitEntries(Person person, int count) {
        List<List<Map<String, Object>>> last = new ArrayList<>();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            last.clear();
            last.add(page(person, "?limit=100").extract().jsonPath().getList("items"));
            return last.get(0).size() >= count;
        });
        assertThat(last.get(0)).hasSize(count);
        return last.get(0);
    }

    private static String publish(String topic, Person person, String type, String subject, Map<String, Object> fields) {
        String producer = switch (topic) {
            case "backup-events" -> "backup-service";
            case "recovery-events" -> "recovery-service";
            case "verification-events" -> "verification-service";
            default -> throw new IllegalArgumentException(topic);
        };
        return KAFKA.publish(topic, person.sub(), type, "/authcloud/" + producer, subject, Events.json(body(person, fields)));
    }

    private static Map<String, Object> body(Person person, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("owner", person.sub());
        return body;
    }
}
