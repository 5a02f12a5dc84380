package io.authcloud.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.authcloud.notification.clients.push.ApnsPushGateway;
import io.authcloud.notification.clients.push.FcmPushGateway;
import io.authcloud.notification.clients.push.PushMessage;
import io.authcloud.notification.domain.devices.Device;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The HTTP contracts of APNs and FCM, against WireMock: the request each expects, retries, the breaker. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushGatewaysTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final PushMessage MESSAGE = new PushMessage(PushMessage.Kind.SIGN_IN_REQUEST, "Are you trying to sign in?",
            "Sign-in to Mail.", Map.of("requestId", "r-1", "challenge", "c-1"));

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    ApnsPushGateway apns;

    @Inject
    FcmPushGateway fcm;

    @Test
    void apnsGetsAnAlertForTheDeviceTokenWithAProviderTokenSignedByTheTeamsKey() throws Exception {
        String token = "apns-" + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo("/3/device/" + token)).willReturn(aResponse().withStatus(200)));

        apns.push(device(token, "apns"), MESSAGE).await().atMost(WAIT);

        wireMock.verify(postRequestedFor(urlEqualTo("/3/device/" + token))
                .withHeader("apns-topic", equalTo("io.authcloud.authenticator"))
                .withHeader("apns-push-type", equalTo("alert"))
                .withHeader("apns-priority", equalTo("10"))
                .withRequestBody(equalToJson("{\"aps\":{\"alert\":{\"title\":\"Are you trying to sign in?\",\"body\":\"Sign-in to Mail.\"},"
                        + "\"sound\":\"default\",\"category\":\"sign-in-request\"},\"requestId\":\"r-1\",\"challenge\":\"c-1\"}")));
        LoggedRequest request = wireMock.findAll(postRequestedFor(urlEqualTo("/3/device/" + token))).get(0);
        SignedJWT jwt = SignedJWT.parse(request.getHeader("authorization").substring("bearer ".length()));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("KEY1234567");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("TEAM123456");
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) publicKey("EC", ThirdParties.APNS_PUBLIC)))).isTrue();
    }

    @Test
    void apnsIsRetriedWhenItFailsOnce() {
        String token = "apns-" + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo("/3/device/" + token)).inScenario(token).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        wireMock.stubFor(post(urlEqualTo("/3/device/" + token)).inScenario(token).whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        apns.push(device(token, "apns"), MESSAGE).await().atMost(WAIT);

        wireMock.verify(2, postRequestedFor(urlEqualTo("/3/device/" + token)));
    }

    @Test
    void fcmGetsTheMessageWithAnAccessTokenFromTheServiceAccountAssertion() throws Exception {
        String token = "fcm-" + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"ya29.test-access\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
        wireMock.stubFor(post(urlEqualTo("/v1/projects/authcloud-test/messages:send"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"name\":\"projects/authcloud-test/messages/1\"}")));

        fcm.push(device(token, "fcm"), MESSAGE).await().atMost(WAIT);

        wireMock.verify(postRequestedFor(urlEqualTo("/v1/projects/authcloud-test/messages:send"))
                .withHeader("Authorization", equalTo("Bearer ya29.test-access"))
                .withRequestBody(containing("\"token\":\"" + token + "\""))
                .withRequestBody(containing("\"priority\":\"high\""))
                .withRequestBody(containing("\"challenge\":\"c-1\"")));
        List<LoggedRequest> tokenRequests = wireMock.findAll(postRequestedFor(urlEqualTo("/token")));
        assertThat(tokenRequests).isNotEmpty();
        String form = tokenRequests.get(0).getBodyAsString();
        assertThat(URLDecoder.decode(form, StandardCharsets.UTF_8)).contains("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.substring(form.indexOf("assertion=") + "assertion=".length()));
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("push@authcloud-test.iam.example");
        assertThat(assertion.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("https://www.googleapis.com/auth/firebase.messaging");
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) publicKey("RSA", ThirdParties.FCM_PUBLIC)))).isTrue();
    }

    /** Runs last: it leaves the APNs breaker open for 30 seconds. */
    @Test
    @Order(Integer.MAX_VALUE)
    void apnsFailingAgainAndAgainOpensTheCircuitSoLaterPushesFailFast() {
        String token = "apns-down-" + UUID.randomUUID();
        wireMock.stubFor(post(urlEqualTo("/3/device/" + token)).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> apns.push(device(token, "apns"), MESSAGE).await().atMost(WAIT));
        }
        int before = wireMock.findAll(postRequestedFor(urlEqualTo("/3/device/" + token))).size();

        assertThatThrownBy(() -> apns.push(device(token, "apns"), MESSAGE).await().atMost(WAIT))
                .isInstanceOf(org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException.class);
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/3/device/" + token)))).hasSize(before);
    }

    private static Device device(String token, String channel) {
        Device device = new Device();
        device.owner = "someone";
        device.deviceId = "phone";
        device.platform = "apns".equals(channel) ? "ios" : "android";
        device.pushChannel = channel;
        device.pushToken = token;
        return device;
    }

    private static java.security.PublicKey publicKey(String algorithm, java.nio.file.Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
