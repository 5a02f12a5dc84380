package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.notification.clients.push.PushDispatcher;
import io.authcloud.notification.domain.credentials.PushCredential;
import io.authcloud.platform.accounts.AccountKind;
import io.authcloud.platform.crypto.DevicePublicKeys;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KeycloakTokens;
import io.authcloud.testing.TestClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.mockito.InjectSpy;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/** A relying party asks, every phone with a credential gets a challenge, one phone answers with the number. */
@QuarkusTest
class PushApprovalTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();

    @Inject
    TestClock clock;

    @InjectSpy
    PushDispatcher dispatcher;

    @Test
    void thePhoneApprovesWithTheRightNumberAndItsSignature() throws Throwable {
        Setup setup = setup();
        Map<String, Object> push = onlyPush(setup.phone);
        assertThat(push.get("kind")).isEqualTo("sign-in-request");
        Map<String, String> data = data(push);
        assertThat(data).containsEntry("requestId", setup.requestId).containsEntry("application", "Contoso Mail")
                .doesNotContainKey("number");

        setup.phone.answer(setup.requestId, setup.number, true, setup.phone.sign(data.get("challenge"))).then()
                .statusCode(200).body("status", equalTo("APPROVED"));

        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).get("/v1/sign-in-requests/" + setup.requestId).then()
                .statusCode(200).body("status", equalTo("APPROVED")).body("deviceId", equalTo(setup.phone.deviceId));
        assertThat(audit(setup.requestId)).containsExactly("APPROVED");
        Map<String, Object> entry = activityOf(setup);
        assertThat(entry).containsEntry("kind", "push-sign-in-answered").containsEntry("deviceId", setup.phone.deviceId);
        assertThat(entry.get("details")).isEqualTo(Map.of("requestId", setup.requestId, "application", "Contoso Mail",
                "accountRef", setup.account, "outcome", "APPROVED", "reason", "approved"));
    }

    @Test
    void everyPhoneWithACredentialGetsThePushAndEitherCanAnswer() {
        String account = "personal-" + UUID.randomUUID();
        Phone oldPhone = phoneWithCredential(account, "apns");
        Phone newPhone = phoneWithCredential(account, "apns");
        JsonPath request = ask(account);

        Map<String, String> onOld = data(onlyPush(oldPhone));
        Map<String, String> onNew = data(onlyPush(newPhone));
        assertThat(onNew.get("challenge")).isEqualTo(onOld.get("challenge"));

        newPhone.answer(request.getString("id"), request.getInt("number"), false, newPhone.sign(onNew.get("challenge")))
                .then().statusCode(200).body("status", equalTo("DENIED"));
    }

    @Test
    void aPhoneThatCannotBeReachedNeitherFailsTheRequestNorSilencesTheOthers() {
        String account = "personal-" + UUID.randomUUID();
        Phone unreachable = phoneWithCredential(account, "fcm");
        Phone reachable = phoneWithCredential(account, "fcm");
        Mockito.doReturn(Uni.createFrom().failure(new IllegalStateException("FCM unavailable")))
                .when(dispatcher).push(Mockito.argThat(device -> device != null && unreachable.deviceId.equals(device.deviceId)),
                        Mockito.any());

        JsonPath request = ask(account);

        assertThat(unreachable.notifications().then().extract().jsonPath().getList("$")).isEmpty();
        String challenge = data(onlyPush(reachable)).get("challenge");
        reachable.answer(request.getString("id"), request.getInt("number"), true, reachable.sign(challenge))
                .then().statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void oneKindOfCredentialNeverAnswersForTheOther() throws Throwable {
        String account = "contoso-mail-" + UUID.randomUUID();
        Phone byContoso = Phone.of("alice");
        Phone byEmail = Phone.of("alice");
        Phone byFabrikam = Phone.of("alice");
        for (Phone phone : List.of(byEmail, byContoso, byFabrikam)) {
            phone.register("ios", "apns").then().statusCode(201);
        }
        Credentials.issueForTenant(KAFKA, byContoso, account, "contoso");
        // Today the account reference has one kind per person; credentials of other kinds issued before
        // that rule may still be active.
        earlierCredential(byEmail, account, "personal", null);
        earlierCredential(byFabrikam, account, "work", "fabrikam");

        JsonPath work = given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).contentType("application/json")
                .body(Map.of("username", "alice", "accountRef", account, "tenant", "contoso", "application", "Contoso Mail"))
                .post("/v1/sign-in-requests").then()
                .statusCode(201).body("tenant", equalTo("contoso"))
                .extract().jsonPath();
        String challenge = data(onlyPush(byContoso)).get("challenge");
        assertThat(byEmail.notifications().then().extract().jsonPath().getList("$")).isEmpty();
        assertThat(byFabrikam.notifications().then().extract().jsonPath().getList("$")).isEmpty();
        byEmail.answer(work.getString("id"), work.getInt("number"), true, byEmail.sign(challenge)).then().statusCode(403);
        byFabrikam.answer(work.getString("id"), work.getInt("number"), true, byFabrikam.sign(challenge)).then().statusCode(403);
        byContoso.answer(work.getString("id"), work.getInt("number"), true, byContoso.sign(challenge)).then()
                .statusCode(200).body("status", equalTo("APPROVED"));

        JsonPath personal = ask(account);
        String again = data(onlyPush(byEmail)).get("challenge");
        assertThat(byContoso.notifications().then().extract().jsonPath().getList("$")).isEmpty();
        assertThat(byFabrikam.notifications().then().extract().jsonPath().getList("$")).isEmpty();
        byContoso.answer(personal.getString("id"), personal.getInt("number"), true, byContoso.sign(again)).then().statusCode(403);
        byEmail.answer(personal.getString("id"), personal.getInt("number"), true, byEmail.sign(again)).then()
                .statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void aSignInNamingNoTenantNeverReachesAWorkCredential() {
        String account = "contoso-mail-" + UUID.randomUUID();
        Phone byContoso = Phone.of("alice");
        byContoso.register("ios", "apns").then().statusCode(201);
        Credentials.issueForTenant(KAFKA, byContoso, account, "contoso");

        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).contentType("application/json")
                .body(Map.of("username", "alice", "accountRef", account, "application", "Mail"))
                .post("/v1/sign-in-requests").then().statusCode(404);
        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).contentType("application/json")
                .body(Map.of("username", "alice", "accountRef", account, "tenant", "fabrikam", "application", "Mail"))
                .post("/v1/sign-in-requests").then().statusCode(404);
        assertThat(byContoso.notifications().then().extract().jsonPath().getList("$")).isEmpty();
    }

    @Test
    void anotherRelyingPartyReadsTheRequestAsIfItDidNotExist() {
        Setup setup = setup();
        String otherPortal = KeycloakTokens.clientCredentials("other-portal", "other-portal-local-secret");

        String foreign = given().auth().oauth2(otherPortal).get("/v1/sign-in-requests/" + setup.requestId).then()
                .statusCode(404).body("type", endsWith("/not-found")).extract().path("detail");
        String missing = given().auth().oauth2(otherPortal).get("/v1/sign-in-requests/" + UUID.randomUUID()).then()
                .statusCode(404).extract().path("detail");
        assertThat(foreign).isEqualTo(missing);
        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).get("/v1/sign-in-requests/" + setup.requestId).then()
                .statusCode(200).body("status", equalTo("PENDING"));
    }

    @Test
    void aWrongNumberDeniesTheSignIn() throws Throwable {
        Setup setup = setup();
        String challenge = data(onlyPush(setup.phone)).get("challenge");
        int wrong = setup.number == 99 ? 10 : setup.number + 1;

        setup.phone.answer(setup.requestId, wrong, true, setup.phone.sign(challenge)).then()
                .statusCode(422).body("type", endsWith("/number-mismatch"));

        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).get("/v1/sign-in-requests/" + setup.requestId).then()
                .body("status", equalTo("DENIED"));
        setup.phone.answer(setup.requestId, setup.number, true, setup.phone.sign(challenge)).then().statusCode(409);
        assertThat(audit(setup.requestId)).containsExactly("DENIED", "REFUSED");
        // The person's activity tells the denial and why; the refused replay is in the audit only.
        assertThat(activityOf(setup).get("details").toString()).contains("outcome=DENIED", "reason=wrong number");
    }

    @Test
    void aNumberThatCouldNeverBeShownDeniesTheSignInToo() throws Throwable {
        Setup setup = setup();
        String challenge = data(onlyPush(setup.phone)).get("challenge");

        setup.phone.answer(setup.requestId, 7, true, setup.phone.sign(challenge)).then()
                .statusCode(422).body("type", endsWith("/number-mismatch"));

        assertThat(audit(setup.requestId)).containsExactly("DENIED");
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedAndTheRequestStaysOpen() throws Throwable {
        Setup setup = setup();
        String challenge = data(onlyPush(setup.phone)).get("challenge");
        Phone impostor = new Phone("alice", setup.phone.deviceId);

        setup.phone.answer(setup.requestId, setup.number, true, impostor.sign(challenge)).then()
                .statusCode(422).body("type", endsWith("/signature-invalid"));
        setup.phone.answer(setup.requestId, setup.number, true, setup.phone.sign("another challenge")).then().statusCode(422);
        setup.phone.answer(setup.requestId, setup.number, true, "not-a-signature").then().statusCode(422);

        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).get("/v1/sign-in-requests/" + setup.requestId).then()
                .body("status", equalTo("PENDING"));
        setup.phone.answer(setup.requestId, setup.number, true, setup.phone.sign(challenge)).then().statusCode(200);
        assertThat(audit(setup.requestId)).containsExactly("REFUSED", "REFUSED", "REFUSED", "APPROVED");
    }

    @Test
    void aReplayedAnswerIsRefused() throws Throwable {
        Setup setup = setup();
        String signature = setup.phone.sign(data(onlyPush(setup.phone)).get("challenge"));
        setup.phone.answer(setup.requestId, setup.number, true, signature).then().statusCode(200);

        setup.phone.answer(setup.requestId, setup.number, true, signature).then()
                .statusCode(409).body("type", endsWith("/proof-already-used"));
        assertThat(audit(setup.requestId)).containsExactly("APPROVED", "REFUSED");
    }

    @Test
    void anAnswerAfterSixtySecondsIsTooLateAndTheRequestExpires() throws Throwable {
        Setup setup = setup();
        String signature = setup.phone.sign(data(onlyPush(setup.phone)).get("challenge"));
        clock.advance(Duration.ofSeconds(61));

        setup.phone.answer(setup.requestId, setup.number, true, signature).then()
                .statusCode(410).body("type", endsWith("/sign-in-request-expired"));
        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).get("/v1/sign-in-requests/" + setup.requestId).then()
                .body("status", equalTo("EXPIRED"));
    }

    @Test
    void aDeviceWithoutACredentialForTheAccountCannotAnswerAndOthersSeeNothing() {
        Setup setup = setup();
        String challenge = data(onlyPush(setup.phone)).get("challenge");
        Phone other = Phone.of("alice");
        other.answer(setup.requestId, setup.number, true, other.sign(challenge)).then().statusCode(403);
        Phone bobs = new Phone("bob", setup.phone.deviceId);
        bobs.answer(setup.requestId, setup.number, true, bobs.sign(challenge)).then().statusCode(404);
        given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/sign-in-requests/" + setup.requestId).then().statusCode(403);
    }

    @Test
    void aUserWithoutAnyPhoneForTheAccountCannotBeAsked() {
        given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).contentType("application/json")
                .body(Map.of("username", "dave", "accountRef", "nothing-" + UUID.randomUUID(), "application", "Mail"))
                .post("/v1/sign-in-requests").then().statusCode(404);
        given().auth().oauth2(KeycloakTokens.password("alice")).contentType("application/json")
                .body(Map.of("username", "alice", "accountRef", "x", "application", "Mail"))
                .post("/v1/sign-in-requests").then().statusCode(403);
    }

    private record Setup(Phone phone, String requestId, int number, String account) {
    }

    /** The one entry of alice's security activity about this sign-in request. */
    private static Map<String, Object> activityOf(Setup setup) {
        List<Map<String, Object>> entries = given().auth().oauth2(KeycloakTokens.password("alice")).get("/v1/me/activity?limit=100")
                .then().statusCode(200).extract().jsonPath().getList("items");
        List<Map<String, Object>> about = entries.stream()
                .filter(entry -> ("sign-in-requests/" + setup.requestId).equals(entry.get("id"))).toList();
        assertThat(about).hasSize(1);
        return about.get(0);
    }

    /** A phone of alice, registered for pushes, holding a personal credential for {@code account}. */
    private static Phone phoneWithCredential(String account, String pushChannel) {
        Phone phone = Phone.of("alice");
        phone.register("apns".equals(pushChannel) ? "ios" : "android", pushChannel).then().statusCode(201);
        Credentials.issue(KAFKA, phone, account, "email", null);
        return phone;
    }

    /** A credential written as an earlier version of the service could have issued it, before one kind per account. */
    private static void earlierCredential(Phone phone, String account, String kind, String tenant) throws Throwable {
        PushCredential credential = new PushCredential();
        credential.id = UUID.randomUUID();
        credential.owner = KeycloakTokens.subject(phone.user);
        credential.username = phone.user;
        credential.accountRef = account;
        credential.kind = AccountKind.of(kind).orElseThrow();
        credential.tenant = tenant;
        credential.deviceId = phone.deviceId;
        credential.publicKeyJwk = DevicePublicKeys.canonical(phone.publicJwk());
        credential.status = PushCredential.Status.ACTIVE;
        credential.createdAt = Instant.now();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(credential::persist));
    }

    private static Setup setup() {
        String account = "personal-" + UUID.randomUUID();
        Phone phone = Phone.of("alice");
        phone.register("ios", "apns").then().statusCode(201);
        Credentials.issue(KAFKA, phone, account, "email", null);
        JsonPath request = ask(account);
        return new Setup(phone, request.getString("id"), request.getInt("number"), account);
    }

    private static JsonPath ask(String account) {
        JsonPath request = given().auth().oauth2(CodesAcrossPhonesTest.signInPortal()).contentType("application/json")
                .body(Map.of("username", "alice", "accountRef", account, "application", "Contoso Mail"))
                .post("/v1/sign-in-requests").then()
                .statusCode(201).body("status", equalTo("PENDING"))
                .extract().jsonPath();
        assertThat(request.getInt("number")).isBetween(10, 99);
        return request;
    }

    private static Map<String, Object> onlyPush(Phone phone) {
        List<Map<String, Object>> pushes = phone.notifications().then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(pushes).hasSize(1);
        assertThat(phone.notifications().then().extract().jsonPath().getList("$")).isEmpty();
        return pushes.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> data(Map<String, Object> push) {
        return (Map<String, String>) ((Map<String, Object>) push.get("push")).get("data");
    }

    private static List<String> audit(String requestId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> io.authcloud.notification.domain.signin.SignInAudit
                .find("select outcome from SignInAudit where requestId = ?1 order by at", UUID.fromString(requestId))
                .project(String.class).list()));
    }
}
