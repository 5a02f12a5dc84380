package io.authcloud.verification;

import static io.authcloud.verification.VerificationApi.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The second factor of a backup transfer: a verification with purpose {@code transfer} names the transfer and
 * neither an account nor a recovery; its code says what it is for, and its events carry the {@code transferId}.
 */
@QuarkusTest
class TransferVerificationTest extends VerificationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTransferCodeVerifiesTheTransferAndItsEventsNameIt() throws Exception {
        String transferId = UUID.randomUUID().toString();
        try (CodeInbox inbox = new CodeInbox(relay); KafkaTap events = KafkaTap.open("verification-events")) {
            String id = start(body(transferId)).then().statusCode(201)
                    .body("purpose", equalTo("transfer"))
                    .body("transferId", equalTo(transferId))
                    .body("recoveryId", nullValue())
                    .body("accountRef", nullValue())
                    .extract().path("id");
            JsonNode delivery = CodeInbox.decrypt(inbox.requests(id, 1).get(0), NotificationKeys.privateKey());
            assertThat(delivery.get("purpose").asText()).isEqualTo("transfer");
            submit("alice", id, inbox.code(id)).then().statusCode(200).body("status", equalTo("VERIFIED"))
                    .body("transferId", equalTo(transferId));

            relay.publishPending().await().atMost(CodeInbox.WAIT);
            List<KafkaTap.Record> emitted = events.awaitCount(r -> ("verifications/" + id).equals(r.header("ce_subject")), 2,
                    CodeInbox.WAIT);
            for (KafkaTap.Record event : emitted) {
                JsonNode body = JSON.readTree(event.value());
                Set<String> fields = new HashSet<>();
                body.fieldNames().forEachRemaining(fields::add);
                assertThat(fields).as(event.ceType()).isEqualTo(EventCatalogue.load().fieldsOf(event.ceType()));
                assertThat(body.get("purpose").asText()).isEqualTo("transfer");
                assertThat(body.get("transferId").asText()).isEqualTo(transferId);
                assertThat(body.get("accountRef").isNull()).isTrue();
                assertThat(body.get("recoveryId").isNull()).isTrue();
            }
        }
    }

    @Test
    void aTransferNamesItsTransferAndNothingElseAndOnlyATransferNamesOne() {
        Map<String, Object> noTransfer = new HashMap<>(body(null));
        noTransfer.remove("transferId");
        start(noTransfer).then().statusCode(400).body("type", endsWith("/invalid-request"))
                .body("errors.field", containsInAnyOrder("transferId"));
        Map<String, Object> withMore = new HashMap<>(body(UUID.randomUUID().toString()));
        withMore.put("accountRef", "personal");
        withMore.put("recoveryId", UUID.randomUUID().toString());
        start(withMore).then().statusCode(400).body("errors.field", containsInAnyOrder("accountRef", "recoveryId"));
        Map<String, Object> account = new HashMap<>(VerificationApi.startBody("email"));
        account.put("transferId", UUID.randomUUID().toString());
        start(account).then().statusCode(400).body("errors.field", containsInAnyOrder("transferId"));
    }

    private static Map<String, Object> body(String transferId) {
        Map<String, Object> body = new HashMap<>(Map.of("purpose", "transfer", "deviceId", "pixel-1", "channel", "email"));
        if (transferId != null) {
            body.put("transferId", transferId);
        }
        return body;
    }

    private static Response start(Map<String, Object> body) {
        return given().auth().oauth2(KeycloakTokens.signIn("alice")).contentType("application/json").body(body)
                .post("/v1/verifications");
    }
}
