package io.authcloud.recovery;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.recovery.domain.catalogue.CatalogueEntry;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * Backups as recovery-service learns of them: events published as backup-service would (and awaited
 * into the catalogue), or written through the real backup-service started for the tests.
 */
final class Backups {

    /** The phone that wrote every backup the tests publish. */
    static final String WRITER = "phone-a";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Backups() {
    }

    static String freshAccount() {
        return "storage-" + UUID.randomUUID();
    }

    /** Publishes BackupStored and waits until the catalogue holds it. */
    static void stored(KafkaPublisher kafka, String user, String provider, String storageAccount, String keyId) {
        String owner = KeycloakTokens.subject(user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", owner);
        body.put("provider", provider);
        body.put("storageAccount", storageAccount);
        body.put("version", 3);
        body.put("platform", "icloud".equals(provider) ? "ios" : "android");
        body.put("deviceId", "phone-a");
        body.put("sizeBytes", 2048);
        body.put("sha256", "00");
        body.put("keyId", keyId);
        body.put("formatVersion", 1);
        body.put("accountCount", 4);
        body.put("storedAt", Instant.now().toString());
        publish(kafka, owner, "BackupStored", provider, storageAccount, body);
        awaitCatalogue(owner, provider, storageAccount, false);
    }

    /** Publishes BackupDeleted and waits until the catalogue knows. */
    static Instant deleted(KafkaPublisher kafka, String user, String provider, String storageAccount) {
        String owner = KeycloakTokens.subject(user);
        Instant deadline = Instant.now().plus(Duration.ofDays(30));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", owner);
        body.put("provider", provider);
        body.put("storageAccount", storageAccount);
        body.put("version", 3);
        body.put("deletedAt", Instant.now().toString());
        body.put("restoreDeadline", deadline.toString());
        publish(kafka, owner, "BackupDeleted", provider, storageAccount, body);
        awaitCatalogue(owner, provider, storageAccount, true);
        return deadline;
    }

    /** Writes a backup through the real backup-service, whose events do not reach recovery-service. */
    static void writtenDirectly(String backupServiceUrl, String user, String provider, String storageAccount) {
        given().baseUri(backupServiceUrl).auth().oauth2(KeycloakTokens.password(user)).contentType("application/json")
                .header("If-None-Match", "*")
                .body(Map.of("ciphertext", "c2VjcmV0", "keyId", "key-direct", "formatVersion", 1, "deviceId", "phone-a",
                        "platform", "icloud".equals(provider) ? "ios" : "android"))
                .put("/v1/backups/" + provider + "/" + storageAccount).then().statusCode(201);
    }

    static void deletedDirectly(String backupServiceUrl, String user, String provider, String storageAccount) {
        given().baseUri(backupServiceUrl).auth().oauth2(KeycloakTokens.password(user))
                .delete("/v1/backups/" + provider + "/" + storageAccount).then().statusCode(204);
    }

    /** Deletes every live backup of a person at backup-service, so no other test's backup answers for them. */
    static void noLiveBackups(String backupServiceUrl, String user) {
        var live = given().baseUri(backupServiceUrl).auth().oauth2(KeycloakTokens.password(user)).get("/v1/backups")
                .then().statusCode(200).extract().jsonPath().getList("backups.findAll { !it.deleted }", Map.class);
        for (Map<?, ?> backup : live) {
            deletedDirectly(backupServiceUrl, user, (String) backup.get("provider"), (String) backup.get("storageAccount"));
        }
    }

    private static void publish(KafkaPublisher kafka, String owner, String type, String provider, String storageAccount,
            Map<String, Object> body) {
        try {
            kafka.publish("backup-events", owner, "io.authcloud.backup." + type, "/authcloud/backup-service",
                    "backups/" + provider + "/" + storageAccount, JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCatalogue(String owner, String provider, String storageAccount, boolean deleted) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            CatalogueEntry entry;
            try {
                entry = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> CatalogueEntry.<CatalogueEntry>findById(
                        new CatalogueEntry.Key(owner, provider, storageAccount))));
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            return entry != null && entry.isDeleted() == deleted;
        });
    }
}
