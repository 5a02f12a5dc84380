package io.authcloud.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Push sign-in approvals: a relying party (a sign-in service) asks a test person to approve a sign-in to
 * their personal account, and the person's phone answers with the number shown and its device signature.
 * Each virtual user is one sign-in, measured as these requests:
 * <ul>
 *   <li>"sign-in request": the relying party's {@code POST /v1/sign-in-requests} (client credentials);
 *       expects 201 with the request's id and number;</li>
 *   <li>"push inbox (local)": the phone reads its pushes ({@code GET /v1/devices/{id}/notifications}, the
 *       local stack's stand-in for APNs/FCM, polled every 100 ms until the push is there); expects 200;</li>
 *   <li>"push answer": the phone's {@code POST /v1/sign-in-requests/{id}/response} with the number and the
 *       ECDSA signature of the pushed challenge by the credential's private key (made in a session function,
 *       no request); expects 200;</li>
 *   <li>"sign-in status": the relying party reads the outcome; expects 200 and {@code APPROVED}.</li>
 * </ul>
 * The set-up gives each person a phone holding a personal push credential ({@link Enrolment}; phones are
 * remembered between runs, so later runs only sign the people in, by the password grant).
 *
 * <p>Limits: notification-service lets each relying party make {@code relyingPartyRequestsPerMinute} (120, its
 * {@code authcloud.notification.relying-party-requests-per-minute}) sign-in requests a clock minute, all people
 * together: the runs spread requests over the relying parties of {@code signInClients} and never exceed that;
 * when the rate cannot fit, the run stops before starting and says so (locally: at most about 4 sign-ins a
 * second sustained with the two relying parties of the realm, about 11 a second for a 20-second run; more
 * needs more relying parties or a higher limit on the stack). A person serves one virtual user at a time.
 *
 * <p>Properties (and {@link Settings}, {@link Load}, {@link Flows}): {@code rate} (5 sign-ins a second),
 * {@code expectedRate} (10, closed model), {@code signInClients} (the local realm's sign-in-portal and
 * other-portal, {@code id:secret,...}), {@code relyingPartyRequestsPerMinute} (120), {@code people} (rate × 2,
 * at least 10), {@code peoplePrefix} (load-push), {@code mailbox} and {@code codeTimeoutSeconds} (enrolment).
 */
public class PushApprovalSimulation extends Simulation {

    private static final String PREFIX = Settings.string("peoplePrefix", "load-push");
    private static final double RATE = 5;
    private static final Ledger.Limit SIGN_INS = new Ledger.Limit("relying-party-requests",
            Settings.integer("relyingPartyRequestsPerMinute", 120), Ledger.Window.MINUTE, 1, 2);

    private final Keycloak keycloak = new Keycloak();
    private final TokenKeeper tokens = new TokenKeeper(keycloak);
    private final Ledger ledger = Ledger.open();
    private final Stats stats = new Stats(getClass());
    private final Measure measure = new Measure(stats);

    public PushApprovalSimulation() {
        System.out.println("PushApprovalSimulation at " + Settings.GATEWAY + ": " + Load.describe(RATE));
        List<RelyingParty> parties = RelyingParty.fromSettings();
        checkRelyingPartyCapacity(parties.size());
        parties.forEach(party -> party.signIn(keycloak, tokens));
        Phones phones = new Phones("push-phones");
        try (Mailbox mailbox = new Mailbox()) {
            Enrolment enrolment = new Enrolment(keycloak, phones, mailbox);
            List<Person> people = People.provision(keycloak, PREFIX, People.first(PREFIX, people()), false,
                    person -> {
                        enrolment.ensurePhone(person);
                        phones.save();
                    });
            tokens.keepAll(people);
            Pool<Person> persons = Pool.exclusive(people, Person::toString, ledger);
            Pool<RelyingParty> relyingParties = Pool.shared(parties, party -> party.clientId, ledger, SIGN_INS);
            ledger.save();

            ScenarioBuilder approvals = scenario("push approval")
                    .exec(Flows.take(persons, Flows.PERSON))
                    .exec(Flows.take(relyingParties, "relyingParty"))
                    .exec(signIn())
                    .exec(Flows.giveBack(persons, Flows.PERSON));
            setUp(Load.inject(approvals, RATE)).protocols(Flows.protocol(Settings.GATEWAY)).assertions(Load.noFailures());
        }
    }

    @Override
    public void after() {
        tokens.close();
        ledger.save();
        System.out.println("Measured numbers: " + stats.write());
    }

    private io.gatling.javaapi.core.ChainBuilder signIn() {
        return exec(measure.request("sign-in request", http -> http.post("/v1/sign-in-requests")
                                .header("Authorization", session -> "Bearer " + session.<RelyingParty>get("relyingParty").accessToken())
                                .body(StringBody(session -> Json.write(Map.of("username", Flows.person(session).username,
                                        "accountRef", Enrolment.ACCOUNT, "application", "Load test")))),
                        status().is(201), jmesPath("id").saveAs("requestId"), jmesPath("number").ofInt().saveAs("number")))
                .exec(Flows.poll(session -> !session.isFailed() && !session.contains("challenge"), 50, Duration.ofMillis(100),
                        measure.request("push inbox (local)", http -> http
                                        .get(session -> "/v1/devices/" + Flows.person(session).deviceId + "/notifications")
                                        .header("Authorization", Flows.bearer()),
                                status().is(200),
                                jmesPath("[?push.data.requestId=='#{requestId}'].push.data.challenge | [0]").optional()
                                        .saveAs("challenge"))))
                .exec(measure.request("push answer", http -> http.post("/v1/sign-in-requests/#{requestId}/response")
                                .header("Authorization", Flows.bearer())
                                .body(StringBody(PushApprovalSimulation::answer)),
                        status().is(200)))
                .exec(measure.request("sign-in status", http -> http.get("/v1/sign-in-requests/#{requestId}")
                                .header("Authorization", session -> "Bearer " + session.<RelyingParty>get("relyingParty").accessToken()),
                        status().is(200), jmesPath("status").is("APPROVED")));
    }

    /** The phone's answer: the number the person read on the sign-in page, signed by the credential's key. */
    private static String answer(Session session) {
        Person person = Flows.person(session);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceId", person.deviceId);
        body.put("number", session.getInt("number"));
        body.put("approve", true);
        // No challenge pushed within the polls: an empty signature, which the service refuses (a visible KO).
        body.put("signature", session.contains("challenge")
                ? DeviceKeys.sign(person.devicePrivateKey, session.getString("challenge")) : "");
        return Json.write(body);
    }

    /** Stops before the set-up when the relying parties' limit cannot carry the planned sign-ins. */
    private static void checkRelyingPartyCapacity(int parties) {
        double perMinute = Load.plannedRate(RATE, 10) * Math.min(60, Load.runTime().toSeconds());
        double capacity = (double) parties * (SIGN_INS.max() - SIGN_INS.margin());
        if (perMinute > capacity) {
            throw new IllegalStateException(String.format("%.0f sign-in requests in a minute are planned, but %d relying"
                    + " parties may make %.0f (notification-service's relying-party-requests-per-minute, -DrelyingPartyRequestsPerMinute=%d)."
                    + " Lower -Drate, or add relying parties (-DsignInClients) or raise the limit on the stack.",
                    perMinute, parties, capacity, SIGN_INS.max()));
        }
    }

    private static int people() {
        return Settings.integer("people", (int) Math.max(10, Math.ceil(Load.plannedRate(RATE, 10) * 2)));
    }
}
