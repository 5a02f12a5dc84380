package io.authcloud.verification;

import static io.authcloud.verification.VerificationApi.startOk;
import static io.authcloud.verification.VerificationApi.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWEObject;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A one-time code reaches notification-service only inside its encrypted delivery request: it is in no
 * response, no other event, no log line, and not in Redis or the database in clear.
 */
@QuarkusTest
class CodeConfidentialityTest extends VerificationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDeliveryRequestDecryptsOnlyWithNotificationServicesKey() throws Exception {
        try (CodeInbox inbox = new CodeInbox(relay)) {
            String id = startOk(KeycloakTokens.signIn("alice"), "email");
            KafkaTap.Record request = inbox.requests(id, 1).get(0);

            assertThat(request.ceType()).isEqualTo("io.authcloud.verification.OtpDeliveryRequested");
            assertThat(request.key()).isEqualTo(KeycloakTokens.subject("alice"));
            JsonNode body = JSON.readTree(request.value());
            JWEObject jwe = JWEObject.parse(body.get("jwe").asText());
            assertThat(jwe.getHeader().getAlgorithm().getName()).isEqualTo("ECDH-ES+A256KW");
            assertThat(jwe.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
            assertThat(body.get("channel").asText()).isEqualTo("email");
            assertThat(Instant.parse(body.get("expiresAt").asText())).isAfter(Instant.now());

            JsonNode delivery = CodeInbox.decrypt(request, NotificationKeys.privateKey());
            assertThat(delivery.get("code").asText()).matches("\\d{6}");
            assertThat(delivery.get("destination").asText()).isEqualTo("alice@example.test");
            assertThat(delivery.get("verificationId").asText()).isEqualTo(id);
            assertThat(delivery.get("purpose").asText()).isEqualTo("account");
            assertThat(delivery.get("deviceId").asText()).isEqualTo("phone-b");
            Set<String> fields = new HashSet<>();
            delivery.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("the plaintext docs/events.md describes").containsExactlyInAnyOrder(
                    "verificationId", "channel", "destination", "code", "expiresAt", "purpose", "deviceId");

            assertThatThrownBy(() -> CodeInbox.decrypt(request, NotificationKeys.strangerKey()))
                    .hasMessageContaining("cannot be decrypted");
            assertThat(request.value()).doesNotContain(delivery.get("code").asText())
                    .doesNotContain("alice@example.test");
        }
    }

    @Test
    void theCodeAppearsInNoResponseNoOtherEventNoLogAndNoStoreInClear() throws Exception {
        try (CodeInbox inbox = new CodeInbox(relay); KafkaTap events = KafkaTap.open("verification-events")) {
            String started = VerificationApi.start(KeycloakTokens.signIn("alice"), "email").then().statusCode(201)
                    .extract().asString();
            String id = JSON.readTree(started).get("id").asText();
            String code = inbox.code(id);
            String read = io.restassured.RestAssured.given().auth().oauth2(KeycloakTokens.password("alice"))
                    .get("/v1/verifications/" + id).asString();
            String wrongAnswer = submit("alice", id, VerificationApi.wrong(code)).asString();
            String verified = submit("alice", id, code).asString();

            for (String response : List.of(started, read, wrongAnswer, verified)) {
                assertThat(response).doesNotContain(code);
            }
            relay.publishPending().await().atMost(CodeInbox.WAIT);
            List<KafkaTap.Record> emitted = events.awaitCount(r -> ("verifications/" + id).equals(r.header("ce_subject")), 3, CodeInbox.WAIT);
            for (KafkaTap.Record event : emitted) {
                assertThat(event.value()).doesNotContain(code);
                assertThat(event.headers().values()).allSatisfy(header -> assertThat(header).doesNotContain(code));
            }
            String log = Files.readString(Path.of("target/quarkus-test.log"));
            assertThat(log).contains(id).doesNotContain("code " + code).doesNotContain("\"" + code + "\"")
                    .doesNotContain("=" + code);
            // SCAN, not KEYS: the service's Redis user may run no @dangerous command.
            for (String key : redis.key().scan(new KeyScanArgs()
                    .match("verification:" + id + "*").count(1000)).toIterable()) {
                String value = redis.value(String.class).get(key);
                assertThat(value == null ? "" : value).doesNotContain(code);
            }
        }
    }
}
