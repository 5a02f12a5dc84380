package io.authcloud.verification;

import static io.authcloud.verification.VerificationApi.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The erasure as verification-service sees it: the second factor (purpose {@code erasure}, naming the erasure and
 * nothing else, its events carrying the {@code erasureId}), and its part of the erasure over the real broker: the
 * person's verifications, their codes and their counters go, and VerificationDataErased confirms.
 */
@QuarkusTest
class ErasureTest extends VerificationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();

    @Inject
    Pool pool;

    @Test
    void anErasureCodeNamesItsErasureAndOnlyAnErasureNamesOne() throws Exception {
        String erasureId = UUID.randomUUID().toString();
        try (CodeInbox inbox = new CodeInbox(relay); KafkaTap events = KafkaTap.open("verification-events")) {
            String id = start("alice", body(erasureId)).then().statusCode(201)
                    .body("purpose", equalTo("erasure")).body("erasureId", equalTo(erasureId)).extract().path("id");
            JsonNode delivery = CodeInbox.decrypt(inbox.requests(id, 1).get(0), NotificationKeys.privateKey());
            assertThat(delivery.get("purpose").asText()).isEqualTo("erasure");
            submit("alice", id, inbox.code(id)).then().statusCode(200).body("status", equalTo("VERIFIED"));
            relay.publishPending().await().atMost(CodeInbox.WAIT);
            KafkaTap.Record succeeded = events.await(r -> "io.authcloud.verification.VerificationSucceeded".equals(r.ceType())
                    && ("verifications/" + id).equals(r.header("ce_subject")), CodeInbox.WAIT);
            assertThat(JSON.readTree(succeeded.value()).get("erasureId").asText()).isEqualTo(erasureId);
        }
        Map<String, Object> none = new HashMap<>(body(null));
        start("alice", none).then().statusCode(400).body("type", endsWith("/invalid-request"))
                .body("errors.field", containsInAnyOrder("erasureId"));
        Map<String, Object> account = new HashMap<>(VerificationApi.startBody("email"));
        account.put("erasureId", erasureId);
        start("alice", account).then().statusCode(400).body("errors.field", containsInAnyOrder("erasureId"));
    }

    @Test
    void anErasureDeletesThePersonsVerificationsCodesAndCountersAndConfirms() throws Exception {
        KeycloakPeople.Person person = KeycloakPeople.create("verification-erasure");
        String owner = KeycloakTokens.subject(person.username());
        String id = start(person.username(), VerificationApi.startBody("email")).then().statusCode(201).extract().path("id");
        submit(person.username(), id, "000000").then().statusCode(422);
        String alices = start("alice", VerificationApi.startBody("email")).then().statusCode(201).extract().path("id");
        assertThat(redisKeysNaming(owner)).isNotEmpty();
        UUID erasure = UUID.randomUUID();

        try (KafkaTap tap = KafkaTap.open("verification-events")) {
            Map<String, Object> request = Map.of("erasureId", erasure.toString(), "owner", owner,
                    "services", List.of("verification-service", "notification-service"), "requestedAt", Instant.now().toString());
            KAFKA.publish("recovery-events", owner, "io.authcloud.recovery.ErasureRequested", "/authcloud/recovery-service",
                    "erasures/" + erasure, JSON.writeValueAsString(request));
            KafkaTap.Record confirmed = Awaitility.await().atMost(CodeInbox.WAIT).until(() -> {
                relay.publishPending().await().atMost(CodeInbox.WAIT);
                return tap.drain(Duration.ofMillis(300)).stream()
                        .filter(r -> "io.authcloud.verification.VerificationDataErased".equals(r.ceType())
                                && r.value().contains(erasure.toString())).findFirst().orElse(null);
            }, record -> record != null);
            assertThat(confirmed.key()).isEqualTo(owner);
            assertThat(JSON.readTree(confirmed.value()).get("erasureId").asText()).isEqualTo(erasure.toString());
        }

        given().auth().oauth2(KeycloakTokens.password(person.username())).get("/v1/verifications/" + id).then().statusCode(404);
        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/verifications/" + alices).then().statusCode(200);
        assertThat(count("SELECT count(*) FROM verification WHERE owner = $1", owner)).isZero();
        assertThat(count("SELECT count(*) FROM outbox_event WHERE record_key = $1", owner)).isZero();
        assertThat(redisKeysNaming(owner)).isEmpty();
        assertThat(redisKeysNaming(id)).isEmpty();
    }

    private List<String> redisKeysNaming(String text) {
        List<String> keys = new ArrayList<>();
        var cursor = redis.key().scan(new KeyScanArgs().match("*" + text + "*").count(1000));
        while (cursor.hasNext()) {
            keys.addAll(cursor.next());
        }
        return keys;
    }

    private long count(String sql, String parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getLong(0);
    }

    private static Map<String, Object> body(String erasureId) {
        Map<String, Object> body = new HashMap<>(Map.of("purpose", "erasure", "deviceId", "pixel-1", "channel", "email"));
        if (erasureId != null) {
            body.put("erasureId", erasureId);
        }
        return body;
    }

    private static Response start(String user, Map<String, Object> body) {
        return given().auth().oauth2(KeycloakTokens.signIn(user)).contentType("application/json").body(body)
                .post("/v1/verifications");
    }
}
