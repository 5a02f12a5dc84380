package io.authcloud.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Gives a test person a phone holding the push credential of their personal account, as the app does it
 * (the simulator's Phone): register the device's push channel, verify the account by a code mailed to the
 * person (a verification needs a recent interactive sign-in), and create the credential with the device's
 * public key. A phone remembered from an earlier run ({@link Phones}) is reused while its credential is the
 * person's only active one; otherwise the person's other phones are removed first, so that each sign-in
 * push goes to exactly one phone.
 */
final class Enrolment {

    static final String ACCOUNT = "personal";

    private final Keycloak keycloak;
    private final Phones phones;
    private final Mailbox mailbox;

    Enrolment(Keycloak keycloak, Phones phones, Mailbox mailbox) {
        this.keycloak = keycloak;
        this.phones = phones;
        this.mailbox = mailbox;
    }

    /** The person's phone, enrolled now when none is remembered; sets {@code deviceId} and its key on the person. */
    void ensurePhone(Person person) {
        Api api = new Api(Settings.GATEWAY, person::accessToken);
        Phones.Phone known = phones.get(person.username);
        Set<String> holding = devicesWithActiveCredentials(api.get("/v1/push-credentials").expect("Listing the credentials of " + person));
        if (known == null || !holding.equals(Set.of(known.deviceId()))) {
            known = enrol(person, api, holding);
        }
        person.deviceId = known.deviceId();
        person.devicePrivateKey = known.privateKey();
    }

    private Phones.Phone enrol(Person person, Api api, Set<String> holding) {
        // Verifying and removing a phone both need a recent interactive sign-in.
        person.tokens(keycloak.interactive(person.username, person.password));
        for (String deviceId : holding) {
            api.delete("/v1/devices/" + deviceId).expect("Removing an old phone of " + person, 204);
        }
        String deviceId = "load-phone-" + UUID.randomUUID().toString().substring(0, 8);
        String pushToken = "token-" + deviceId;
        api.post("/v1/devices", Map.of("deviceId", deviceId, "platform", "ios", "pushChannel", "apns",
                "pushToken", pushToken, "name", "Load test phone")).expect("Registering the phone of " + person, 201);
        mailbox.open(person.email);
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("accountRef", ACCOUNT);
        asked.put("deviceId", deviceId);
        asked.put("channel", "email");
        String verification = api.post("/v1/verifications", asked).expect("Starting the verification of " + person, 201)
                .get("id").asText();
        api.post("/v1/verifications/" + verification + "/otp", Map.of("code", mailbox.awaitCode(person.email)))
                .expect("Entering the code of " + person, 200);
        DeviceKeys.Generated keys = DeviceKeys.generate();
        createCredential(api, person, Map.of("verificationId", verification, "accountRef", ACCOUNT, "deviceId", deviceId,
                "publicKey", keys.publicJwk()));
        Phones.Phone phone = new Phones.Phone(deviceId, keys.privateKey());
        phones.put(person.username, phone);
        return phone;
    }

    /** Creates the credential; the grant arrives by event a moment after the code, so 409 pending is retried. */
    private static void createCredential(Api api, Person person, Map<String, Object> body) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            Api.Response issued = api.post("/v1/push-credentials", body);
            boolean pending = issued.status() == 409 && issued.body().path("type").asText().endsWith("/verification-pending");
            if (!pending || Instant.now().isAfter(deadline)) {
                issued.expect("Creating the credential of " + person, 201);
                return;
            }
            Api.sleep(Duration.ofMillis(500));
        }
    }

    private static Set<String> devicesWithActiveCredentials(JsonNode devices) {
        Set<String> holding = new TreeSet<>();
        for (JsonNode device : devices) {
            for (JsonNode credential : device.path("credentials")) {
                if ("ACTIVE".equals(credential.path("status").asText())) {
                    holding.add(device.path("deviceId").asText());
                }
            }
        }
        return holding;
    }
}
