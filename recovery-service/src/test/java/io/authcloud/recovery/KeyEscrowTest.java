package io.authcloud.recovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.crypto.SecretBox;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.recovery.domain.escrow.EscrowedKey;
import io.authcloud.recovery.domain.escrow.KekRing;
import io.authcloud.recovery.domain.escrow.KeyEscrow;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backup keys are escrowed wrapped, under the newest key-encryption key, and re-wrapped on rotation. */
@QuarkusTest
class KeyEscrowTest {

    @Inject
    KeyEscrow escrow;

    @Inject
    KekRing ring;

    @Inject
    OutboxRelay relay;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKeyIsStoredWrappedUnderTheCurrentKekAndNeverInClear() throws Throwable {
        String account = Backups.freshAccount();
        byte[] key = randomKey();

        escrow("alice", account, "key-1", key).then()
                .statusCode(201)
                .body("id", equalTo("icloud/" + account))
                .body("keyId", equalTo("key-1"))
                .body("storageAccount", equalTo(account))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("key")));

        EscrowedKey stored = stored("alice", account, "key-1");
        assertThat(stored.kekId).isEqualTo("t2");
        assertThat(stored.wrapped).isNotEqualTo(key);
        assertThat(new String(stored.wrapped, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(key, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(escrow.unwrap(stored)).isEqualTo(key);
    }

    @Test
    void aKeyIsEscrowedOnlyWithAPreconditionLikeABackup() {
        String account = Backups.freshAccount();
        byte[] key = randomKey();
        put(KeycloakTokens.password("alice"), account, "key-1", key, Map.of()).then()
                .statusCode(428).body("type", endsWith("/precondition-required"));
        escrow("alice", account, "key-1", key).then().statusCode(201).header("ETag", "\"1\"").body("version", equalTo(1));
        put(KeycloakTokens.password("alice"), account, "key-1", randomKey(), Map.of("If-None-Match", "*")).then()
                .statusCode(412).body("type", endsWith("/version-conflict")).body("currentVersion", equalTo(1))
                .body("currentEtag", equalTo("\"1\""));
        put(KeycloakTokens.password("alice"), account, "key-1", randomKey(), Map.of()).then().statusCode(428);
        put(KeycloakTokens.password("alice"), account, "key-2", randomKey(), Map.of("If-Match", "\"1\"")).then()
                .statusCode(401);
        put(KeycloakTokens.signIn("alice"), account, "key-2", randomKey(), Map.of("If-Match", "\"1\"")).then()
                .statusCode(412).body("currentVersion", nullValue());
    }

    @Test
    void aStolenTokenWithoutARecentSignInCannotReplaceTheKeyThatOpensTheBackup() throws Throwable {
        String account = Backups.freshAccount();
        byte[] key = randomKey();
        escrow("alice", account, "key-1", key).then().statusCode(201);

        put(KeycloakTokens.password("alice"), account, "key-1", randomKey(), Map.of("If-Match", "\"1\"")).then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("insufficient_user_authentication"))
                .body("type", endsWith("/step-up-required"));

        EscrowedKey stored = stored("alice", account, "key-1");
        assertThat(escrow.unwrap(stored)).isEqualTo(key);
        assertThat(stored.version).isEqualTo(1);
    }

    @Test
    void theOwnerReplacesAKeyAfterAFreshSignInWithTheETagTheyRead() throws Throwable {
        String account = Backups.freshAccount();
        escrow("alice", account, "key-1", randomKey()).then().statusCode(201);
        byte[] replacement = randomKey();
        String token = KeycloakTokens.signIn("alice");

        put(token, account, "key-1", replacement, Map.of("If-Match", "\"1\"")).then()
                .statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2));
        put(token, account, "key-1", randomKey(), Map.of("If-Match", "\"1\"")).then()
                .statusCode(412).body("currentVersion", equalTo(2));
        assertThat(escrow.unwrap(stored("alice", account, "key-1"))).isEqualTo(replacement);
    }

    @Test
    void everyEscrowIsToldWithoutTheKey() throws Exception {
        String account = Backups.freshAccount();
        byte[] key = randomKey();
        try (KafkaTap events = KafkaTap.open("recovery-events")) {
            escrow("alice", account, "key-1", key).then().statusCode(201);
            put(KeycloakTokens.signIn("alice"), account, "key-1", randomKey(), Map.of("If-Match", "\"1\"")).then()
                    .statusCode(200);
            relay.publishPending().await().atMost(Duration.ofSeconds(30));
            List<KafkaTap.Record> escrowed = events.awaitCount(r -> ("recovery-keys/icloud/" + account)
                    .equals(r.header("ce_subject")), 2, Duration.ofSeconds(30));
            for (KafkaTap.Record event : escrowed) {
                assertThat(event.ceType()).isEqualTo("io.authcloud.recovery.RecoveryKeyEscrowed");
                assertThat(event.key()).isEqualTo(KeycloakTokens.subject("alice"));
                assertThat(JSON.readTree(event.value()).properties()).extracting(Map.Entry::getKey)
                        .containsExactlyInAnyOrderElementsOf(EventCatalogue.load().fieldsOf(event.ceType()));
                assertThat(event.value()).doesNotContain(Base64.getEncoder().encodeToString(key));
            }
            assertThat(JSON.readTree(escrowed.get(0).value()).get("replaced").asBoolean()).isFalse();
            assertThat(JSON.readTree(escrowed.get(1).value()).get("replaced").asBoolean()).isTrue();
            assertThat(JSON.readTree(escrowed.get(1).value()).get("version").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aWrappedKeyOpensOnlyInItsOwnRow() throws Throwable {
        String account = Backups.freshAccount();
        escrow("alice", account, "key-1", randomKey()).then().statusCode(201);
        EscrowedKey stored = stored("alice", account, "key-1");
        stored.keyId = "key-2";
        assertThatThrownBy(() -> escrow.unwrap(stored)).isInstanceOf(SecretBox.SecretBoxException.class);
    }

    @Test
    void rotationMovesOldWrapsToTheNewestKekAndTheKeyStaysTheSame() throws Throwable {
        String account = Backups.freshAccount();
        byte[] key = randomKey();
        EscrowedKey old = new EscrowedKey();
        old.owner = KeycloakTokens.subject("alice");
        old.provider = "icloud";
        old.storageAccount = account;
        old.keyId = "key-old";
        old.kekId = "t1";
        old.version = 1;
        old.wrapped = ring.wrapWith("t1", key.clone(), old.context());
        old.escrowedAt = Instant.now();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(old::persist));
        assertThat(escrow.unwrap(stored("alice", account, "key-old"))).as("old wraps still open before the re-wrap").isEqualTo(key);

        Integer moved = VertxContextSupport.subscribeAndAwait(escrow::rewrapAll);

        assertThat(moved).isGreaterThanOrEqualTo(1);
        EscrowedKey rewrapped = stored("alice", account, "key-old");
        assertThat(rewrapped.kekId).isEqualTo("t2");
        assertThat(rewrapped.rewrappedAt).isNotNull();
        assertThat(escrow.unwrap(rewrapped)).isEqualTo(key);
        assertThat(VertxContextSupport.subscribeAndAwait(escrow::rewrapAll)).isZero();
    }

    @Test
    void anythingButA256BitBase64KeyIsRefused() {
        String account = Backups.freshAccount();
        given().auth().oauth2(KeycloakTokens.password("alice")).contentType("application/json")
                .body(Map.of("key", "not base64!", "keyId", "k")).put("/v1/recovery-keys/icloud/" + account)
                .then().statusCode(400).body("errors[0].field", equalTo("key"));
        escrow("alice", account, "k", new byte[31]).then().statusCode(400).body("errors[0].field", equalTo("key"));
        escrow("alice", "bad account!", "k", randomKey()).then().statusCode(400);
        given().auth().oauth2(KeycloakTokens.password("alice")).contentType("application/json")
                .body(Map.of("key", Base64.getEncoder().encodeToString(randomKey()), "keyId", "k"))
                .put("/v1/recovery-keys/dropbox/" + account).then().statusCode(400).body("errors[0].field", equalTo("provider"));
        given().auth().oauth2(KeycloakTokens.password("carol")).contentType("application/json")
                .body(Map.of("key", Base64.getEncoder().encodeToString(randomKey()), "keyId", "k"))
                .put("/v1/recovery-keys/icloud/" + account).then().statusCode(403);
    }

    @Test
    void theKeyNeverReachesTheLog() throws Exception {
        byte[] key = randomKey();
        String account = Backups.freshAccount();
        escrow("alice", account, "key-1", key).then().statusCode(201);
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertThat(log).contains(account).doesNotContain(Base64.getEncoder().encodeToString(key));
    }

    /** Escrows a new key id, as the app does at its first backup with this key. */
    static io.restassured.response.Response escrow(String user, String account, String keyId, byte[] key) {
        return put(KeycloakTokens.password(user), account, keyId, key, Map.of("If-None-Match", "*"));
    }

    static io.restassured.response.Response put(String token, String account, String keyId, byte[] key,
            Map<String, String> headers) {
        return given().auth().oauth2(token).contentType("application/json").headers(headers)
                .body(Map.of("key", Base64.getEncoder().encodeToString(key), "keyId", keyId))
                .put("/v1/recovery-keys/icloud/" + account);
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static EscrowedKey stored(String user, String account, String keyId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> EscrowedKey.<EscrowedKey>findById(
                new EscrowedKey.Key(KeycloakTokens.subject(user), "icloud", account, keyId))));
    }
}
