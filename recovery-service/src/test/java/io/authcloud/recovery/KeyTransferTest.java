package io.authcloud.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.recovery.domain.escrow.EscrowedKey;
import io.authcloud.recovery.domain.escrow.KeyEscrow;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * recovery-service's side of a backup transfer over the real broker: the escrowed key is copied next to the
 * target only after backup-service's request AND the same person's transfer verification on the asking phone
 * (in either order), never for another person's verification; and a failed transfer takes the copy back.
 */
@QuarkusTest
class KeyTransferTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OutboxRelay relay;

    @Inject
    KeyEscrow escrow;

    @Test
    void theKeyIsCopiedOnlyAfterTheOwnersProofOnTheAskingPhoneAndTakenBackWhenTheTransferFails() throws Exception {
        String alice = KeycloakTokens.subject("alice");
        String account = Backups.freshAccount();
        String target = "drive-" + account;
        byte[] key = KeyEscrowTest.randomKey();
        KeyEscrowTest.escrow("alice", account, "key-t", key).then().statusCode(201);
        UUID transfer = UUID.randomUUID();

        try (KafkaTap tap = KafkaTap.open("recovery-events")) {
            requested(transfer, alice, account, target, "pixel-1");
            // Another person's verification naming alice's transfer, and alice's own on another phone: nothing.
            transferVerified(KeycloakTokens.subject("bob"), transfer, "pixel-1");
            transferVerified(alice, transfer, "some-other-phone");
            Thread.sleep(3000);
            relay.publishPending().await().atMost(WAIT);
            assertThat(tap.drain(Duration.ofSeconds(2))).filteredOn(r -> r.value().contains(transfer.toString())).isEmpty();
            assertThat(stored(alice, "google-drive", target, "key-t")).isNull();

            transferVerified(alice, transfer, "pixel-1");
            Awaitility.await().atMost(WAIT).until(() -> stored(alice, "google-drive", target, "key-t") != null);
            relay.publishPending().await().atMost(WAIT);
            KafkaTap.Record copied = tap.await(r -> "io.authcloud.recovery.RecoveryKeyCopied".equals(r.ceType())
                    && r.value().contains(transfer.toString()), WAIT);
            assertThat(copied.key()).isEqualTo(alice);
            assertThat(JSON.readTree(copied.value()).path("created").asBoolean()).isTrue();
            assertThat(JSON.readTree(copied.value()).path("secondFactor").asText()).isEqualTo("email");
            assertThat(copied.value()).doesNotContain(Base64.getEncoder().encodeToString(key));
        }
        // The copy opens with the same key, under its own row's binding; the source is untouched.
        assertThat(escrow.unwrap(stored(alice, "google-drive", target, "key-t"))).isEqualTo(key);
        assertThat(escrow.unwrap(stored(alice, "icloud", account, "key-t"))).isEqualTo(key);

        // backup-service could not copy the backup: the key copied for it goes.
        publish("io.authcloud.backup.BackupTransferFailed", alice, transfer, Map.of("reason", "target-in-use"));
        Awaitility.await().atMost(WAIT).until(() -> stored(alice, "google-drive", target, "key-t") == null);
        assertThat(stored(alice, "icloud", account, "key-t")).isNotNull();
    }

    @Test
    void aProofBeforeTheRequestCountsAndAMissingKeyFailsTheCopy() throws Exception {
        KeycloakPeople.Person person = KeycloakPeople.create("transfer");
        String owner = KeycloakTokens.subject(person.username());
        String account = Backups.freshAccount();
        byte[] key = KeyEscrowTest.randomKey();
        KeyEscrowTest.escrow(person.username(), account, "key-t", key).then().statusCode(201);
        UUID transfer = UUID.randomUUID();
        UUID unescrowed = UUID.randomUUID();
        try (KafkaTap tap = KafkaTap.open("recovery-events")) {
            transferVerified(owner, transfer, "pixel-2");
            Thread.sleep(1000);
            requested(transfer, owner, account, "d-" + account, "pixel-2");
            Awaitility.await().atMost(WAIT).until(() -> stored(owner, "google-drive", "d-" + account, "key-t") != null);

            Map<String, Object> body = request(unescrowed, owner, "icloud", "nowhere-" + account, "google-drive", "x-" + account, "pixel-2");
            KAFKA.publish("backup-events", owner, "io.authcloud.backup.BackupTransferRequested", "/authcloud/backup-service",
                    "backups/icloud/nowhere/transfers/" + unescrowed, JSON.writeValueAsString(body));
            transferVerified(owner, unescrowed, "pixel-2");
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                relay.publishPending().await().atMost(WAIT);
                assertThat(tap.drain(Duration.ofMillis(500))).anySatisfy(r -> {
                    assertThat(r.ceType()).isEqualTo("io.authcloud.recovery.RecoveryKeyCopyFailed");
                    assertThat(r.value()).contains(unescrowed.toString()).contains("\"reason\":\"key-not-escrowed\"");
                });
            });
        }
        assertThat(stored(owner, "google-drive", "x-" + account, "key-t")).isNull();
    }

    private static void requested(UUID transfer, String owner, String account, String target, String device) throws Exception {
        KAFKA.publish("backup-events", owner, "io.authcloud.backup.BackupTransferRequested", "/authcloud/backup-service",
                "backups/icloud/" + account + "/transfers/" + transfer,
                JSON.writeValueAsString(request(transfer, owner, "icloud", account, "google-drive", target, device)));
    }

    private static Map<String, Object> request(UUID transfer, String owner, String provider, String account,
            String targetProvider, String target, String device) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transferId", transfer.toString());
        body.put("owner", owner);
        body.put("provider", provider);
        body.put("storageAccount", account);
        body.put("version", 1);
        body.put("keyId", "key-t");
        body.put("targetProvider", targetProvider);
        body.put("targetStorageAccount", target);
        body.put("deviceId", device);
        body.put("requestedAt", Instant.now().toString());
        body.put("expiresAt", Instant.now().plus(Duration.ofHours(1)).toString());
        return body;
    }

    private static void publish(String type, String owner, UUID transfer, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("transferId", transfer.toString());
        body.put("owner", owner);
        KAFKA.publish("backup-events", owner, type, "/authcloud/backup-service", "backups/transfers/" + transfer,
                JSON.writeValueAsString(body));
    }

    /** verification-service's VerificationSucceeded of a transfer's code by email, on {@code device}. */
    private static void transferVerified(String owner, UUID transfer, String device) throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("verificationId", id.toString());
        body.put("owner", owner);
        body.put("purpose", "transfer");
        body.put("recoveryId", null);
        body.put("transferId", transfer.toString());
        body.put("accountRef", null);
        body.put("deviceId", device);
        body.put("method", "email");
        body.put("tenant", null);
        body.put("verifiedAt", Instant.now().toString());
        KAFKA.publish("verification-events", owner, "io.authcloud.verification.VerificationSucceeded",
                "/authcloud/verification-service", "verifications/" + id, JSON.writeValueAsString(body));
    }

    private static EscrowedKey stored(String owner, String provider, String account, String keyId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> EscrowedKey.<EscrowedKey>findById(
                    new EscrowedKey.Key(owner, provider, account, keyId))));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
