package io.authcloud.verification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.authcloud.testing.EventCatalogue;
import io.authcloud.testing.KafkaTap;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.verification.domain.qr.QrActivation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Work and school accounts: a tenant admin's single-use QR activation code, bound to tenant and user. */
@QuarkusTest
class QrActivationTest extends VerificationTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTenantAdminIssuesACodeForAUserOfTheTenant() throws Exception {
        Instant before = clock.instant();
        String account = "contoso-" + UUID.randomUUID();
        JsonPath issued = issue("carol", Map.of("username", "alice", "accountRef", account)).then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("tenant", equalTo("contoso"))
                .body("username", equalTo("alice"))
                .body("accountRef", equalTo(account))
                .body("url", equalTo("http://127.0.0.1:8080/v1/verifications/qr"))
                .extract().jsonPath();
        assertThat(issued.getString("activationCode")).matches("[A-Z2-7]{4}(-[A-Z2-7]{4}){3}");
        assertThat(Instant.parse(issued.getString("expiresAt")))
                .isBetween(before.plus(Duration.ofMinutes(15)), before.plus(Duration.ofMinutes(15)).plusSeconds(10));

        byte[] png = given().auth().oauth2(KeycloakTokens.password("carol")).get(issued.getString("qrImage")).then()
                .statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(decodeQr(png)).isEqualTo(issued.getString("payload"))
                .contains("code=" + issued.getString("activationCode"))
                .contains("url=http%3A%2F%2F127.0.0.1%3A8080%2Fv1%2Fverifications%2Fqr");
    }

    @Test
    void theUserRedeemsItOnceOnTheNewPhoneAndVerificationSucceededIsEmitted() {
        String account = "contoso-" + UUID.randomUUID();
        JsonPath issued = issued("carol", "alice", account);
        try (KafkaTap events = KafkaTap.open("verification-events")) {
            JsonPath verified = redeem("alice", issued, account, "phone-b").then()
                    .statusCode(201)
                    .body("status", equalTo("VERIFIED"))
                    .body("method", equalTo("qr"))
                    .body("accountRef", equalTo(account))
                    .body("purpose", equalTo("account"))
                    .extract().jsonPath();
            relay.publishPending().await().atMost(CodeInbox.WAIT);
            KafkaTap.Record event = events.await(r -> ("verifications/" + verified.getString("id")).equals(r.header("ce_subject")), CodeInbox.WAIT);
            assertThat(event.ceType()).isEqualTo("io.authcloud.verification.VerificationSucceeded");
            assertThat(event.value()).contains("\"method\":\"qr\"").contains("\"tenant\":\"contoso\"").contains(account)
                    .contains("\"purpose\":\"account\"")
                    .doesNotContain(issued.getString("activationCode"));
        }
        redeem("alice", issued, account, "phone-b").then()
                .statusCode(422).body("type", endsWith("/activation-code-invalid"));
        given().auth().oauth2(KeycloakTokens.password("carol")).get(issued.getString("qrImage")).then().statusCode(422);
    }

    @Test
    void ofTwoRedemptionsAtTheSameMomentExactlyOneWins() throws Exception {
        String account = "contoso-" + UUID.randomUUID();
        JsonPath issued = issued("carol", "alice", account);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (String device : List.of("phone-b", "phone-c")) {
                String token = KeycloakTokens.signIn("alice");
                results.add(pool.submit(() -> {
                    start.await();
                    return redeemWith(token, issued, account, device).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 422);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCodeWorksForNoOtherUserAccountOrUrl() {
        String account = "contoso-" + UUID.randomUUID();
        JsonPath issued = issued("carol", "alice", account);
        redeem("dave", issued, account, "phone-b").then().statusCode(422);
        redeem("alice", issued, "contoso-other", "phone-b").then().statusCode(422);
        given().auth().oauth2(KeycloakTokens.signIn("alice")).contentType("application/json")
                .body(Map.of("activationCode", issued.getString("activationCode"), "url", "https://evil.example/qr",
                        "accountRef", account, "deviceId", "phone-b"))
                .post("/v1/verifications/qr").then().statusCode(422);
        given().auth().oauth2(KeycloakTokens.signIn("alice")).contentType("application/json")
                .body(Map.of("activationCode", "AAAA-BBBB-CCCC-DDDD", "url", issued.getString("url"),
                        "accountRef", account, "deviceId", "phone-b"))
                .post("/v1/verifications/qr").then().statusCode(422);
        redeem("alice", issued, account, "phone-b").then().statusCode(201);
    }

    @Test
    void aCodeTypedInLowerCaseWithoutDashesStillWorks() {
        String account = "contoso-" + UUID.randomUUID();
        JsonPath issued = issued("carol", "alice", account);
        given().auth().oauth2(KeycloakTokens.signIn("alice")).contentType("application/json")
                .body(Map.of("activationCode", issued.getString("activationCode").replace("-", " ").toLowerCase(),
                        "url", issued.getString("url"), "accountRef", account, "deviceId", "phone-b"))
                .post("/v1/verifications/qr").then().statusCode(201);
    }

    @Test
    void aCodeOlderThanFifteenMinutesHasExpired() {
        String account = "contoso-" + UUID.randomUUID();
        // Issued in the past, so that the redeeming sign-in is still recent by the service's clock.
        clock.advance(Duration.ofMinutes(15).plusSeconds(1).negated());
        JsonPath issued = issued("carol", "alice", account);
        clock.reset();
        redeem("alice", issued, account, "phone-b").then()
                .statusCode(422).body("type", endsWith("/activation-code-invalid"));
    }

    @Test
    void anAdminOfAnotherTenantCannotIssueForTheUser() {
        issue("erin", Map.of("username", "alice", "accountRef", "x")).then()
                .statusCode(403).body("type", endsWith("/forbidden"))
                .body("detail", org.hamcrest.Matchers.containsString("fabrikam"));
        issue("carol", Map.of("username", "bob", "accountRef", "x")).then().statusCode(403);
        issue("carol", Map.of("username", "nobody-" + UUID.randomUUID(), "accountRef", "x")).then().statusCode(403);
    }

    @Test
    void theAdminNamesTheUserBySubToo() {
        issue("carol", Map.of("sub", KeycloakTokens.subject("dave"), "accountRef", "contoso-dave")).then()
                .statusCode(201).body("username", equalTo("dave"));
        issue("carol", Map.of("sub", UUID.randomUUID().toString(), "accountRef", "x")).then().statusCode(403);
    }

    @Test
    void onlyTenantAdminsIssueAndOnlyOfTheirTenantSeeTheImage() {
        issue("alice", Map.of("username", "alice", "accountRef", "x")).then().statusCode(403);
        JsonPath issued = issued("carol", "alice", "contoso-" + UUID.randomUUID());
        given().auth().oauth2(KeycloakTokens.password("erin")).get(issued.getString("qrImage")).then().statusCode(404);
        given().auth().oauth2(KeycloakTokens.password("alice")).get(issued.getString("qrImage")).then().statusCode(403);
    }

    @Test
    void anAdminCannotIssueACodeForAPersonalAccount() throws Throwable {
        String refusedForAnotherTenant = refusalForAnotherTenantsUser();
        for (String personal : List.of("personal", "Personal", "PERSONAL")) {
            issue("carol", Map.of("username", "alice", "accountRef", personal)).then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/forbidden"))
                    .body("detail", equalTo(refusedForAnotherTenant));
        }
        assertThat(activations(KeycloakTokens.subject("alice"), "personal")).isZero();
    }

    @Test
    void anAdminCannotIssueACodeForAnAccountThePersonVerifiedByEmail() throws Throwable {
        KeycloakPeople.Person person = KeycloakPeople.create("qr-personal", null, "contoso");
        String account = "mail-" + UUID.randomUUID();
        given().auth().oauth2(KeycloakTokens.signIn(person.username())).contentType("application/json")
                .body(Map.of("accountRef", account, "deviceId", "phone-a", "channel", "email"))
                .post("/v1/verifications").then().statusCode(201);

        issue("carol", Map.of("username", person.username(), "accountRef", account)).then()
                .statusCode(403)
                .body("type", endsWith("/forbidden"))
                .body("detail", equalTo(refusalForAnotherTenantsUser()));
        assertThat(activations(person.sub(), account)).isZero();
        issue("carol", Map.of("username", person.username(), "accountRef", "contoso-" + UUID.randomUUID())).then()
                .statusCode(201);
    }

    @Test
    void anAccountThePersonVerifiedIsTheirsWhateverTheCaseTheAdminWritesItIn() throws Throwable {
        KeycloakPeople.Person person = KeycloakPeople.create("qr-case", null, "contoso");
        given().auth().oauth2(KeycloakTokens.signIn(person.username())).contentType("application/json")
                .body(Map.of("accountRef", "My-Account", "deviceId", "phone-a", "channel", "email"))
                .post("/v1/verifications").then().statusCode(201);

        String refusedForAnotherTenant = refusalForAnotherTenantsUser();
        for (String spelling : List.of("my-account", "MY-ACCOUNT", "My-Account")) {
            issue("carol", Map.of("username", person.username(), "accountRef", spelling)).then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/forbidden"))
                    .body("detail", equalTo(refusedForAnotherTenant));
        }
        assertThat(activations(person.sub(), "my-account")).isZero();
        issue("carol", Map.of("username", person.username(), "accountRef", "my-account-at-work")).then()
                .statusCode(201);
    }

    @Test
    void aWorkAccountActivatedByQrBeforeCanBeActivatedAgain() {
        String account = "contoso-" + UUID.randomUUID();
        redeem("alice", issued("carol", "alice", account), account, "phone-b").then().statusCode(201);
        issue("carol", Map.of("username", "alice", "accountRef", account)).then().statusCode(201);
    }

    @Test
    void redeemingWithoutARecentSignInGets401AndLeavesTheCodeUnused() {
        String account = "contoso-" + UUID.randomUUID();
        JsonPath issued = issued("carol", "alice", account);

        redeemWith(KeycloakTokens.password("alice"), issued, account, "phone-b").then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer error=\"insufficient_user_authentication\""))
                .contentType("application/problem+json")
                .body("type", endsWith("/step-up-required"));

        String failures = "verification:failures:" + KeycloakTokens.subject("alice") + ":"
                + clock.instant().getEpochSecond() / 3600;
        assertThat(redis.value(Long.class).get(failures)).as("a refused token costs the person no try").isNull();
        given().auth().oauth2(KeycloakTokens.password("carol")).get(issued.getString("qrImage")).then().statusCode(200);
        redeem("alice", issued, account, "phone-b").then().statusCode(201).body("status", equalTo("VERIFIED"));
    }

    @Test
    void aSignInOlderThanFiveMinutesCannotRedeem() {
        String account = "contoso-" + UUID.randomUUID();
        JsonPath issued = issued("carol", "alice", account);
        String token = KeycloakTokens.signIn("alice");
        clock.advance(Duration.ofMinutes(5).plusSeconds(5));
        redeemWith(token, issued, account, "phone-b").then()
                .statusCode(401).body("type", endsWith("/step-up-required"));
    }

    @Test
    void aRefusedActivationCodeIsAFailedAccountVerificationWithoutAVerification() throws Exception {
        String account = "contoso-" + UUID.randomUUID();
        try (KafkaTap events = KafkaTap.open("verification-events")) {
            given().auth().oauth2(KeycloakTokens.signIn("alice")).contentType("application/json")
                    .body(Map.of("activationCode", "AAAA-BBBB-CCCC-DDDD", "url", "http://127.0.0.1:8080/v1/verifications/qr",
                            "accountRef", account, "deviceId", "phone-b"))
                    .post("/v1/verifications/qr").then().statusCode(422);
            relay.publishPending().await().atMost(CodeInbox.WAIT);
            KafkaTap.Record event = events.await(r -> "qr-activations".equals(r.header("ce_subject"))
                    && r.value().contains(account), CodeInbox.WAIT);

            assertThat(event.ceType()).isEqualTo("io.authcloud.verification.VerificationFailed");
            JsonNode body = JSON.readTree(event.value());
            Set<String> fields = new HashSet<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isEqualTo(EventCatalogue.load().fieldsOf(event.ceType()));
            assertThat(body.get("purpose").asText()).isEqualTo("account");
            assertThat(body.get("verificationId").isNull()).isTrue();
            assertThat(body.get("method").asText()).isEqualTo("qr");
            assertThat(body.get("owner").asText()).isEqualTo(KeycloakTokens.subject("alice"));
        }
    }

    @Test
    void refusesAnUnclearUserWith400() {
        issue("carol", Map.of("accountRef", "x")).then().statusCode(400).body("type", endsWith("/invalid-request"));
        issue("carol", Map.of("username", "alice", "sub", "abc", "accountRef", "x")).then().statusCode(400);
    }

    /** What an admin is told about a user of another tenant: every refusal must read the same. */
    private static String refusalForAnotherTenantsUser() {
        return issue("carol", Map.of("username", "bob", "accountRef", "contoso-" + UUID.randomUUID())).then()
                .statusCode(403).extract().path("detail");
    }

    /** How many activation codes were stored for a person and an account (any case). */
    private static long activations(String targetSub, String account) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> QrActivation.count(
                "targetSub = ?1 and lower(accountRef) = lower(?2)", targetSub, account)));
    }

    private static Response issue(String admin, Map<String, String> body) {
        return given().auth().oauth2(KeycloakTokens.password(admin)).contentType("application/json").body(body)
                .post("/v1/qr-activations");
    }

    private static JsonPath issued(String admin, String user, String account) {
        return issue(admin, Map.of("username", user, "accountRef", account)).then().statusCode(201).extract().jsonPath();
    }

    /** Redeems with a fresh interactive sign-in, as the app does (redemption needs step-up). */
    private static Response redeem(String user, JsonPath issued, String account, String device) {
        return redeemWith(KeycloakTokens.signIn(user), issued, account, device);
    }

    private static Response redeemWith(String token, JsonPath issued, String account, String device) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("activationCode", issued.getString("activationCode"), "url", issued.getString("url"),
                        "accountRef", account, "deviceId", device))
                .post("/v1/verifications/qr");
    }

    private static String decodeQr(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE,
                        com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }
}
