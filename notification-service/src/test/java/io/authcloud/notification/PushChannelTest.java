package io.authcloud.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.authcloud.notification.domain.devices.Device;
import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KeycloakPeople.Person;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A phone's push channel is its own: once a device holds an active credential, only a request signed by one
 * of its credentials' keys may change where its pushes go, so a stolen token cannot divert the recovery
 * notice or approval requests to another phone.
 */
@QuarkusTest
class PushChannelTest {

    private static final KafkaPublisher KAFKA = KafkaPublisher.shared();
    private static final String FORBIDDEN_DETAIL =
            "This phone holds your sign-in credentials: only the phone itself may change where its pushes go.";

    @Test
    void aTokenAloneCannotTakeOverThePushChannelOfAPhoneHoldingCredentials() throws Throwable {
        Person person = KeycloakPeople.create("push-takeover");
        Phone phone = Phone.of(person.username());
        phone.register("ios", "apns", "token-of-the-phone", null).then().statusCode(201);
        Credentials.issue(KAFKA, phone, "personal-" + UUID.randomUUID(), "email", null);
        Phone thief = new Phone(person.username(), phone.deviceId);

        phone.register("android", "fcm", "token-of-the-thief", null).then().statusCode(403)
                .body("type", endsWith("/forbidden")).body("detail", equalTo(FORBIDDEN_DETAIL));
        phone.register("android", "fcm", "token-of-the-thief", thief.signPushToken("token-of-the-thief")).then()
                .statusCode(403).body("detail", equalTo(FORBIDDEN_DETAIL));
        phone.register("android", "fcm", "token-of-the-thief", phone.signPushToken("token-of-the-phone")).then()
                .statusCode(403).body("detail", equalTo(FORBIDDEN_DETAIL));
        phone.register("android", "fcm", "token-of-the-thief", "not-a-signature").then().statusCode(403);

        Device device = device(person, phone);
        assertThat(device.pushToken).isEqualTo("token-of-the-phone");
        assertThat(device.pushChannel).isEqualTo("apns");
        assertThat(device.platform).isEqualTo("ios");
    }

    @Test
    void aPushTokenChangeSignedByTheDevicesCredentialIsAccepted() throws Throwable {
        Person person = KeycloakPeople.create("push-rotated");
        Phone phone = Phone.of(person.username());
        phone.register("ios", "apns", "token-before", null).then().statusCode(201);
        Credentials.issue(KAFKA, phone, "personal-" + UUID.randomUUID(), "email", null);

        phone.register("ios", "apns", "token-after", phone.signPushToken("token-after")).then().statusCode(200)
                .body("deviceId", equalTo(phone.deviceId)).body("pushChannel", equalTo("apns"));

        assertThat(device(person, phone).pushToken).isEqualTo("token-after");
    }

    @Test
    void aPhoneThatHoldsCredentialsButNeverRegisteredItsChannelNeedsItsSignatureToo() throws Throwable {
        Person person = KeycloakPeople.create("push-unregistered");
        Phone phone = Phone.of(person.username());
        Credentials.issue(KAFKA, phone, "personal-" + UUID.randomUUID(), "email", null);

        phone.register("android", "fcm", "token-of-someone", null).then().statusCode(403)
                .body("detail", equalTo(FORBIDDEN_DETAIL));
        assertThat(device(person, phone)).isNull();
        phone.register("android", "fcm", "token-of-the-phone", phone.signPushToken("token-of-the-phone")).then()
                .statusCode(201);
        assertThat(device(person, phone).pushToken).isEqualTo("token-of-the-phone");
    }

    @Test
    void aPhoneWhoseCredentialsAreAllRevokedIsUpdatedWithoutASignature() throws Throwable {
        Person person = KeycloakPeople.create("push-revoked");
        Phone phone = Phone.of(person.username());
        phone.register("ios", "apns", "token-before", null).then().statusCode(201);
        String id = Credentials.issue(KAFKA, phone, "personal-" + UUID.randomUUID(), "email", null).getString("id");
        given().auth().oauth2(KeycloakTokens.signIn(person.username())).delete("/v1/push-credentials/" + id).then()
                .statusCode(204);

        phone.register("ios", "apns", "token-after", null).then().statusCode(200);

        assertThat(device(person, phone).pushToken).isEqualTo("token-after");
    }

    private static Device device(Person person, Phone phone) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> Device.<Device>findById(new Device.Key(person.sub(), phone.deviceId))));
    }
}
