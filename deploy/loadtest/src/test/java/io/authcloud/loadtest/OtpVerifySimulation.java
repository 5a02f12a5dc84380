package io.authcloud.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.Map;

/**
 * One-time codes by mail: each virtual user is one test person verifying their personal account on their
 * phone. Requests:
 * <ul>
 *   <li>"OTP start": {@code POST /v1/verifications} (channel email; a recent interactive sign-in, which the
 *       set-up made); expects 201;</li>
 *   <li>(not a request: the person reads the code from their GreenMail mailbox, on the {@link Mailbox}'s own
 *       threads, while the virtual user pauses)</li>
 *   <li>"OTP verify": {@code POST /v1/verifications/{id}/otp} with the code; expects 200 and {@code VERIFIED}.</li>
 * </ul>
 *
 * <p>Limits: verification-service sends at most {@code codesPerHour} (10, its
 * {@code authcloud.verification.limits.sends-per-destination-per-hour}; the local stack's up.sh sets 200)
 * codes to one address per clock hour: the run takes as many people as that needs, skipping those whose hour
 * is used up by earlier runs ({@link Ledger}); pass the stack's value to use fewer people. No code is ever
 * wrong, so the per-person limit on wrong codes is never touched. A person serves one virtual user at a time
 * (their mails are then read in order). The step-up sign-in is renewed before it is 5 minutes old
 * ({@link TokenKeeper}).
 *
 * <p>Properties (and {@link Settings}, {@link Load}, {@link Flows}, {@link Mailbox}): {@code rate} (20
 * verifications a second), {@code expectedRate} (40, closed model), {@code codesPerHour} (10),
 * {@code people} (as many as the limits and the rate need), {@code peoplePrefix} (load-otp).
 */
public class OtpVerifySimulation extends Simulation {

    private static final String PREFIX = Settings.string("peoplePrefix", "load-otp");
    private static final double RATE = 20;
    private static final Ledger.Limit CODES = new Ledger.Limit("codes-per-address",
            Settings.integer("codesPerHour", 10), Ledger.Window.HOUR, 1, 1);

    private final Keycloak keycloak = new Keycloak();
    private final TokenKeeper tokens = new TokenKeeper(keycloak);
    private final Ledger ledger = Ledger.open();
    private final Mailbox mailbox = new Mailbox();
    private final Stats stats = new Stats(getClass());
    private final Measure measure = new Measure(stats);

    public OtpVerifySimulation() {
        System.out.println("OtpVerifySimulation at " + Settings.GATEWAY + ": " + Load.describe(RATE));
        double rate = Load.plannedRate(RATE, 40);
        double verifications = rate * Load.runTime().toSeconds() * 1.2;
        // Each person is busy for the mail's round trip (about a second, more under load): enough people for that.
        int inFlight = (int) Math.ceil(Load.CLOSED ? Load.CONCURRENCY * 1.5 : rate * 3);
        List<Person> people = People.provision(keycloak, PREFIX,
                People.withAllowance(PREFIX, ledger, List.of(CODES), verifications, Math.max(4, inFlight)), true,
                person -> mailbox.open(person.email));
        tokens.keepAll(people);
        Pool<Person> pool = Pool.exclusive(people, Person::toString, ledger, CODES);

        ScenarioBuilder otp = scenario("otp verify")
                .exec(Flows.take(pool, Flows.PERSON))
                .exec(measure.request("OTP start", http -> http.post("/v1/verifications")
                                .header("Authorization", Flows.bearer())
                                .body(StringBody(session -> Json.write(Map.of("accountRef", Enrolment.ACCOUNT,
                                        "deviceId", "load-otp-phone-" + Flows.person(session).username, "channel", "email")))),
                        status().is(201), jmesPath("id").saveAs("verificationId")))
                .exec(Measure.ifOk(Flows.awaitCode(mailbox)))
                .exec(measure.request("OTP verify", http -> http.post("/v1/verifications/#{verificationId}/otp")
                                .header("Authorization", Flows.bearer())
                                .body(StringBody(session -> Json.write(Map.of("code", session.getString("code"))))),
                        status().is(200), jmesPath("status").is("VERIFIED")))
                .exec(Flows.forgetCode())
                .exec(Flows.giveBack(pool, Flows.PERSON));
        setUp(Load.inject(otp, RATE)).protocols(Flows.protocol(Settings.GATEWAY)).assertions(Load.noFailures());
    }

    @Override
    public void after() {
        tokens.close();
        mailbox.close();
        ledger.save();
        System.out.println("Measured numbers: " + stats.write());
    }
}
