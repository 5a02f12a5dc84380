package io.authcloud.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Whole recoveries on a new phone, as the app makes them (the simulator's Recovering and Phone): each
 * virtual user is one recovery of one test person's backup on a new device, in the Gatling group
 * "recovery flow" whose time is the sum of its requests' response times (server time: the pauses while the
 * person reads a mailed code, and the reading itself, are not in it):
 * <ol>
 *   <li>"recovery start": {@code POST /v1/recoveries} with the new phone's public key; 201;</li>
 *   <li>second factor: "second factor start" ({@code POST /v1/verifications}, purpose {@code key-release};
 *       201), the code read from the mailbox (not a request), "second factor code" (its {@code otp}; 200), and
 *       "recovery state" ({@code GET /v1/recoveries/{id}}; 200) polled every 200 ms until the service counts the
 *       proof (it arrives by event);</li>
 *   <li>key release: "key release" ({@code GET .../key}; 200, the key wrapped for the new phone) and "backup
 *       download" ({@code GET /v1/backups/...}; 200, written under the released key id);</li>
 *   <li>"accounts": {@code PUT .../accounts} declaring the restored personal account; 200;</li>
 *   <li>verification: "verification start" ({@code POST /v1/verifications} for the account; 201), the code
 *       from the mailbox, "verification code" (200);</li>
 *   <li>"credential": {@code POST /v1/push-credentials} with the phone's public key; 201 (a 409
 *       {@code verification-pending}, the documented answer while the grant's event is on its way, is repeated
 *       after 500 ms and counted as an answer of this request).</li>
 * </ol>
 * The order is the app's: the accounts are declared once the backup is decrypted. The set-up does what the
 * old phone did: a backup with its key escrowed, for each person who has none yet.
 *
 * <p>Limits, respected by taking enough people and skipping those whose allowance earlier runs used up
 * ({@link Ledger}): a person's backup key may be released {@code keyReleasesPerDay} (5, recovery-service's
 * {@code authcloud.recovery.key-releases-per-day}; up.sh sets 500) times in 24 hours, and each flow mails two
 * codes to the person's address, of {@code codesPerHour} (10, verification-service's
 * {@code sends-per-destination-per-hour}; up.sh sets 200) a clock hour. With the services' defaults a person
 * recovers 4 times a day; pass the stack's values to reuse people. No second factor ever fails (those lock
 * release after 10 a day). A person serves one flow at a time; each flow uses a new device id.
 *
 * <p>Properties (and {@link Settings}, {@link Load}, {@link Flows}, {@link Mailbox}): {@code rate} (20 flows a
 * second), {@code expectedRate} (20, closed model), {@code keyReleasesPerDay} (5), {@code codesPerHour} (10),
 * {@code people} (as many as the limits and the rate need), {@code flowSeconds} (15: how long a flow may take
 * under load, open model; the people are sized for that many seconds of arrivals), {@code peoplePrefix} (load-recovery),
 * {@code ciphertextBytes} (8192, the backups the set-up writes).
 */
public class RecoveryFlowSimulation extends Simulation {

    private static final String PREFIX = Settings.string("peoplePrefix", "load-recovery");
    private static final double RATE = 20;
    private static final String FLOW = "recovery flow";
    /** How long one flow may keep its person (open model): people enough for this many seconds of arrivals. */
    private static final int FLOW_SECONDS = Settings.integer("flowSeconds", 15);
    private static final Ledger.Limit RELEASES = new Ledger.Limit("key-releases",
            Settings.integer("keyReleasesPerDay", 5), Ledger.Window.ROLLING_DAY, 1, 1);
    private static final Ledger.Limit CODES = new Ledger.Limit("codes-per-address",
            Settings.integer("codesPerHour", 10), Ledger.Window.HOUR, 2, 1);
    private static final String VERIFICATION_PENDING = "https://authcloud.example/problems/verification-pending";

    /** The new phones' key: the backup key is wrapped for it, the credential bound to it (one for all flows). */
    private static final Map<String, Object> PHONE_KEY = DeviceKeys.generate().publicJwk();

    private final Keycloak keycloak = new Keycloak();
    private final TokenKeeper tokens = new TokenKeeper(keycloak);
    private final Ledger ledger = Ledger.open();
    private final Mailbox mailbox = new Mailbox();
    private final Stats stats = new Stats(getClass());
    private final Measure measure = new Measure(stats);

    public RecoveryFlowSimulation() {
        System.out.println("RecoveryFlowSimulation at " + Settings.GATEWAY + ": " + Load.describe(RATE));
        double rate = Load.plannedRate(RATE, 20);
        double flows = rate * Load.runTime().toSeconds() * 1.2;
        // A flow keeps its person for two mail round trips and the events: seconds, and more under load.
        int inFlight = (int) Math.ceil(Load.CLOSED ? Load.CONCURRENCY * 1.5 : rate * FLOW_SECONDS);
        List<Person> people = People.provision(keycloak, PREFIX,
                People.withAllowance(PREFIX, ledger, List.of(RELEASES, CODES), flows, Math.max(4, inFlight)), true,
                person -> {
                    oldPhoneBacksUp(person);
                    mailbox.open(person.email);
                });
        tokens.keepAll(people);
        ledger.save();
        Pool<Person> pool = Pool.exclusive(people, Person::toString, ledger, RELEASES, CODES);

        ScenarioBuilder recoveries = scenario(FLOW)
                .exec(Flows.take(pool, Flows.PERSON))
                .exec(session -> session.set("deviceId", "load-new-" + UUID.randomUUID().toString().substring(0, 13)))
                .exec(measure.group(FLOW, start().exec(secondFactor()).exec(keyRelease()).exec(accounts())
                        .exec(verification()).exec(credential())))
                .exec(Flows.giveBack(pool, Flows.PERSON));
        setUp(Load.inject(recoveries, RATE)).protocols(Flows.protocol(Settings.GATEWAY)).assertions(Load.noFailures());
    }

    @Override
    public void after() {
        tokens.close();
        mailbox.close();
        ledger.save();
        System.out.println("Measured numbers: " + stats.write());
    }

    private ChainBuilder start() {
        return measure.request("recovery start", http -> http.post("/v1/recoveries")
                        .header("Authorization", Flows.bearer())
                        .body(StringBody(session -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("provider", "icloud");
                            body.put("storageAccount", Flows.person(session).storageAccount());
                            body.put("deviceId", session.getString("deviceId"));
                            body.put("platform", "ios");
                            body.put("existingAccountCount", 0);
                            body.put("devicePublicKey", PHONE_KEY);
                            return Json.write(body);
                        })),
                status().is(201), jmesPath("id").saveAs("recoveryId"));
    }

    private ChainBuilder secondFactor() {
        return measure.request("second factor start", http -> http.post("/v1/verifications")
                                .header("Authorization", Flows.bearer())
                                .body(StringBody(session -> Json.write(Map.of("purpose", "key-release",
                                        "recoveryId", session.getString("recoveryId"),
                                        "deviceId", session.getString("deviceId"), "channel", "email")))),
                        status().is(201), jmesPath("id").saveAs("verificationId"))
                .exec(Measure.ifOk(Flows.awaitCode(mailbox)))
                .exec(enterCode("second factor code"))
                .exec(Flows.poll(session -> !session.isFailed() && !session.contains("secondFactor"), 60, Duration.ofMillis(200),
                        measure.request("recovery state", http -> http.get("/v1/recoveries/#{recoveryId}")
                                        .header("Authorization", Flows.bearer()),
                                status().is(200), jmesPath("keyRelease.secondFactor").optional().saveAs("secondFactor"))));
    }

    private ChainBuilder keyRelease() {
        return measure.request("key release", http -> http.get("/v1/recoveries/#{recoveryId}/key")
                                .header("Authorization", Flows.bearer()),
                        status().is(200), jmesPath("keyId").saveAs("keyId"), jmesPath("wrappedKey").exists())
                .exec(measure.request("backup download", http -> http.get(session -> Flows.person(session).backupPath())
                                .header("Authorization", Flows.bearer()),
                        status().is(200), jmesPath("keyId").isEL("#{keyId}")));
    }

    private ChainBuilder accounts() {
        return measure.request("accounts", http -> http.put("/v1/recoveries/#{recoveryId}/accounts")
                        .header("Authorization", Flows.bearer())
                        .body(StringBody(Json.write(Map.of("accounts",
                                List.of(Map.of("accountRef", Enrolment.ACCOUNT, "kind", "personal")))))),
                status().is(200));
    }

    private ChainBuilder verification() {
        return measure.request("verification start", http -> http.post("/v1/verifications")
                                .header("Authorization", Flows.bearer())
                                .body(StringBody(session -> Json.write(Map.of("recoveryId", session.getString("recoveryId"),
                                        "accountRef", Enrolment.ACCOUNT, "deviceId", session.getString("deviceId"),
                                        "channel", "email")))),
                        status().is(201), jmesPath("id").saveAs("verificationId"))
                .exec(Measure.ifOk(Flows.awaitCode(mailbox)))
                .exec(enterCode("verification code"));
    }

    private ChainBuilder enterCode(String name) {
        return measure.request(name, http -> http.post("/v1/verifications/#{verificationId}/otp")
                                .header("Authorization", Flows.bearer())
                                .body(StringBody(session -> Json.write(Map.of("code", session.getString("code"))))),
                        status().is(200), jmesPath("status").is("VERIFIED"))
                .exec(Flows.forgetCode());
    }

    /** The credential; repeated while the service answers that the verification's grant is still on its way. */
    private ChainBuilder credential() {
        return exec(session -> session.remove("credentialStatus"))
                .exec(Flows.poll(session -> !session.isFailed() && !Integer.valueOf(201).equals(session.get("credentialStatus")),
                        60, Duration.ofMillis(500),
                        measure.request("credential", http -> http.post("/v1/push-credentials")
                                        .header("Authorization", Flows.bearer())
                                        .body(StringBody(session -> Json.write(Map.of("verificationId", session.getString("verificationId"),
                                                "accountRef", Enrolment.ACCOUNT, "deviceId", session.getString("deviceId"),
                                                "publicKey", PHONE_KEY))))
                                        // 409 is right only as "verification pending" (Retry-After: 1).
                                        .checkIf((response, session) -> response.status().code() == 409)
                                        .then(jmesPath("type").is(VERIFICATION_PENDING)),
                                status().in(201, 409), status().saveAs("credentialStatus"))));
    }

    /**
     * What the old phone did: escrow a new backup key ({@code If-None-Match: *}) and write the backup under
     * it, unless the person has a backup already (then its key was escrowed with it).
     */
    private void oldPhoneBacksUp(Person person) {
        Api api = new Api(Settings.GATEWAY, person::accessToken);
        Api.Response current = api.get(person.backupPath());
        if (current.status() == 200) {
            return;
        }
        current.expect("Reading the backup of " + person, 404, 410);
        byte[] key = new byte[32];
        byte[] ciphertext = new byte[Settings.integer("ciphertextBytes", 8192)];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        random.nextBytes(ciphertext);
        String keyId = "load-key-" + UUID.randomUUID();
        api.put("/v1/recovery-keys/icloud/" + person.storageAccount(), Map.of("key", Base64.getEncoder().encodeToString(key),
                "keyId", keyId), Map.of("If-None-Match", "*")).expect("Escrowing the backup key of " + person, 201);
        api.put(person.backupPath(), Map.of("ciphertext", Base64.getEncoder().encodeToString(ciphertext), "keyId", keyId,
                "formatVersion", 1, "deviceId", "load-old-phone", "platform", "ios", "accountCount", 1),
                Map.of("If-None-Match", "*")).expect("Writing the backup of " + person, 201);
    }
}
