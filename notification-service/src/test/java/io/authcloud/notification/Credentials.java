package io.authcloud.notification;

import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KeycloakTokens;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Gets a phone a credential the way the app does: after verification-service says the verification succeeded. */
final class Credentials {

    private Credentials() {
    }

    static JsonPath issue(KafkaPublisher kafka, Phone phone, String accountRef, String method, UUID recoveryId) {
        UUID verification = Events.verificationSucceeded(kafka, KeycloakTokens.subject(phone.user), accountRef,
                phone.deviceId, method, recoveryId);
        return awaitIssued(phone, verification, accountRef);
    }

    /** A work or school credential, proven by an activation code of {@code tenant}. */
    static JsonPath issueForTenant(KafkaPublisher kafka, Phone phone, String accountRef, String tenant) {
        UUID verification = Events.verificationSucceeded(kafka, KeycloakTokens.subject(phone.user), accountRef,
                phone.deviceId, "qr", tenant, null);
        return awaitIssued(phone, verification, accountRef);
    }

    /** Asks until the grant has arrived (409 with Retry-After: 1 meanwhile), then answers the 201's body. */
    static JsonPath awaitIssued(Phone phone, UUID verification, String accountRef) {
        Response[] last = new Response[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = phone.requestCredential(verification, accountRef);
            return last[0].statusCode() != 409 || !last[0].asString().contains("verification-pending");
        });
        return last[0].then().statusCode(201).extract().jsonPath();
    }
}
