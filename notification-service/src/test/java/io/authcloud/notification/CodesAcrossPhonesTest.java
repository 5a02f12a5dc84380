package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.Race;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The old phone keeps working after the new one got its credential: each phone has its own TOTP secret,
 * so their codes differ, and a relying party accepts a current code of either, each once.
 */
@QuarkusTest
class CodesAcrossPhonesTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();

    @Inject
    RedisDataSource redis;

    @Inject
    io.authcloud.notification.domain.credentials.CredentialSecrets secrets;

    @BeforeEach
    void freshLimits() {
        // SCAN, not KEYS: the service's Redis user may run no @dangerous command.
        var keys = new ArrayList<String>();
        redis.key().scan(new KeyScanArgs().match("signin:code-failures:*").count(1000))
                .toIterable().forEach(keys::add);
        if (!keys.isEmpty()) {
            redis.key().del(keys.toArray(String[]::new));
        }
    }

    @Test
    void codesOfTheOldAndTheNewPhoneDifferAndBothAreAcceptedOnce() {
        String account = "personal-" + UUID.randomUUID();
        String oldSecret = Credentials.issue(KAFKA, Phone.of("bob"), account, "email", null).getString("totpSecret");
        String newSecret = Credentials.issue(KAFKA, Phone.of("bob"), account, "sms", UUID.randomUUID()).getString("totpSecret");
        assertThat(newSecret).isNotEqualTo(oldSecret);
        Instant now = Instant.now();
        String oldCode = AuthenticatorCodes.at(oldSecret, now);
        String newCode = AuthenticatorCodes.at(newSecret, now);

        verify("bob", oldCode).then().statusCode(200).body("accepted", equalTo(true));
        verify("bob", newCode).then().statusCode(200).body("accepted", equalTo(true));

        verify("bob", oldCode).then().statusCode(422).body("type", endsWith("/code-invalid"));
        verify("bob", newCode).then().statusCode(422);
    }

    @Test
    void theCodeOfThePreviousThirtySecondsStillWorksButNotOlder() {
        String secret = Credentials.issue(KAFKA, Phone.of("bob"), "personal-" + UUID.randomUUID(), "email", null).getString("totpSecret");
        verify("bob", AuthenticatorCodes.at(secret, Instant.now().minusSeconds(30))).then().statusCode(200);
        verify("bob", AuthenticatorCodes.at(secret, Instant.now().minus(Duration.ofMinutes(3)))).then().statusCode(422);
    }

    @Test
    void aRevokedPhonesCodesNoLongerWork() {
        var issued = Credentials.issue(KAFKA, Phone.of("bob"), "personal-" + UUID.randomUUID(), "email", null);
        given().auth().oauth2(KeycloakTokens.signIn("bob")).delete("/v1/push-credentials/" + issued.getString("id"))
                .then().statusCode(204);
        verify("bob", AuthenticatorCodes.at(issued.getString("totpSecret"), Instant.now())).then().statusCode(422);
    }

    @Test
    void tooManyWrongCodesForAUserAreRateLimited() {
        for (int i = 0; i < 10; i++) {
            verify("dave", String.format("%06d", i)).then().statusCode(422).body("attemptsLeft", equalTo(9 - i));
        }
        Response limited = verify("dave", "000042");
        limited.then().statusCode(429).body("type", endsWith("/rate-limited"));
        assertThat(limited.header("Retry-After")).isNotNull();
    }

    @Test
    void parallelWrongCodesGetNoMoreThanTheLimitOfComparisons() throws Exception {
        Race.clearOfWindowEdge(java.time.Duration.ofMinutes(5), java.time.Duration.ofSeconds(15));
        List<Integer> statuses = Race.of(16, i -> () -> verify("dave", String.format("%06d", 100 + i)).statusCode());
        assertThat(statuses).containsOnly(422, 429);
        assertThat(statuses).filteredOn(status -> status == 422).hasSize(10);
    }

    @Test
    void aCredentialOfAnEarlierHolderOfTheUsernameNeverAnswers() throws Throwable {
        byte[] secret = new byte[20];
        new java.security.SecureRandom().nextBytes(secret);
        io.authcloud.notification.domain.credentials.PushCredential former = new io.authcloud.notification.domain.credentials.PushCredential();
        former.id = UUID.randomUUID();
        former.owner = "former-holder-of-bob-" + UUID.randomUUID();
        former.username = "bob";
        former.accountRef = "personal-former";
        former.kind = io.authcloud.platform.accounts.AccountKind.PERSONAL;
        former.deviceId = "old-phone";
        former.publicKeyJwk = "{}";
        former.totpSecretEncrypted = secrets.seal(former.id, secret);
        former.status = io.authcloud.notification.domain.credentials.PushCredential.Status.ACTIVE;
        former.createdAt = Instant.now();
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() ->
                io.quarkus.hibernate.reactive.panache.Panache.withTransaction(former::persist));

        verify("bob", io.authcloud.notification.domain.credentials.Totp.code(secret, io.authcloud.notification.domain.credentials.Totp.step(Instant.now())))
                .then().statusCode(422);
        given().auth().oauth2(signInPortal()).contentType("application/json")
                .body(Map.of("username", "bob", "accountRef", "personal-former", "application", "Mail"))
                .post("/v1/sign-in-requests").then().statusCode(404);
    }

    @Test
    void onlyASignInServiceMayCheckCodes() {
        given().auth().oauth2(KeycloakTokens.password("alice")).contentType("application/json")
                .body(Map.of("username", "alice", "code", "123456")).post("/v1/sign-ins/verify-code").then().statusCode(403);
    }

    private static Response verify(String username, String code) {
        return given().auth().oauth2(signInPortal()).contentType("application/json")
                .body(Map.of("username", username, "code", code)).post("/v1/sign-ins/verify-code");
    }

    static String signInPortal() {
        return KeycloakTokens.clientCredentials("sign-in-portal", "sign-in-portal-local-secret");
    }
}
