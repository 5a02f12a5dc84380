package io.authcloud.verification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiAndEventsContractTest extends VerificationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theOpenApiDocumentDescribesEveryEndpointAndProblem() {
        JsonPath openApi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(openApi.getMap("paths")).containsKeys("/v1/verifications", "/v1/verifications/{id}",
                "/v1/verifications/{id}/otp", "/v1/verifications/{id}/resend", "/v1/verifications/qr",
                "/v1/qr-activations", "/v1/qr-activations/{id}/qr.png");
        String text = openApi.prettify();
        for (String slug : List.of("code-invalid", "verification-locked", "verification-expired", "rate-limited",
                "activation-code-invalid", "proof-already-used", "destination-unavailable", "forbidden", "invalid-request")) {
            assertThat(text).contains(slug);
        }
    }

    @Test
    void everyEventHasExactlyTheFieldsOfTheCatalogue() throws Exception {
        EventCatalogue catalogue = EventCatalogue.load();
        try (CodeInbox inbox = new CodeInbox(relay); KafkaTap events = KafkaTap.open("verification-events")) {
            String verified = VerificationApi.startOk(KeycloakTokens.signIn("alice"), "email");
            String code = inbox.code(verified);
            VerificationApi.submit("alice", verified, VerificationApi.wrong(code));
            VerificationApi.submit("alice", verified, code).then().statusCode(200);

            String locked = VerificationApi.startOk(KeycloakTokens.signIn("alice"), "email");
            String lockedWrong = VerificationApi.wrong(inbox.code(locked));
            for (int i = 0; i < 5; i++) {
                VerificationApi.submit("alice", locked, lockedWrong);
            }
            String expired = VerificationApi.startOk(KeycloakTokens.signIn("alice"), "email");
            clock.advance(Duration.ofMinutes(11));
            VerificationApi.submit("alice", expired, "123456").then().statusCode(410);
            relay.publishPending().await().atMost(CodeInbox.WAIT);

            List<KafkaTap.Record> emitted = events.awaitCount(r -> Set.of("verifications/" + verified,
                    "verifications/" + locked, "verifications/" + expired).contains(r.header("ce_subject")), 12, CodeInbox.WAIT);
            List<KafkaTap.Record> all = new java.util.ArrayList<>(emitted);
            all.add(inbox.requests(verified, 1).get(0));
            Set<String> types = new HashSet<>();
            for (KafkaTap.Record event : all) {
                types.add(event.ceType());
                Map<String, Object> body = JSON.readValue(event.value(), Map.class);
                assertThat(body.keySet()).as(event.ceType()).isEqualTo(catalogue.fieldsOf(event.ceType()));
            }
            assertThat(types).contains("io.authcloud.verification.VerificationStarted",
                    "io.authcloud.verification.VerificationSucceeded", "io.authcloud.verification.VerificationFailed",
                    "io.authcloud.verification.VerificationLocked", "io.authcloud.verification.VerificationExpired",
                    "io.authcloud.verification.OtpDeliveryRequested");
        }
    }
}
