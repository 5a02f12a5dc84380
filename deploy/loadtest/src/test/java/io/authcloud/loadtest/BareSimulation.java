package io.authcloud.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * The baseline of deploy/loadtest/bench.sh: the bare Quarkus application of deploy/loadtest/bare
 * ({@code POST /bare/echo}, a small JSON object parsed and answered back; no token, no database), loaded
 * and measured exactly as the other simulations load and measure the services: the same injection
 * ({@link Load}: open or closed, warm-up then measured window, one request per virtual user, "warmup "
 * names), the same HTTP protocol ({@link Flows#protocol}) and the same numbers ({@link Measure},
 * {@link Stats}: {@code js/stats.json}). Its rate is what this machine, the JVM and Gatling manage with no
 * work behind the endpoint; a service's rate is compared with it.
 *
 * <p>Properties: {@code gateway} is the bare application's base URL (bench.sh passes
 * http://127.0.0.1:8089; the application is never behind the gateway), {@code rate} (200 a second, open
 * model) and {@link Load}'s. The request is named "POST echo".
 */
public class BareSimulation extends Simulation {

    private static final double RATE = 200;

    private final Stats stats = new Stats(getClass());
    private final Measure measure = new Measure(stats);

    public BareSimulation() {
        System.out.println("BareSimulation at " + Settings.GATEWAY + ": " + Load.describe(RATE));
        ScenarioBuilder echo = scenario("bare echo")
                .exec(session -> Load.markPhase(session))
                .exec(measure.request("POST echo", http -> http.post("/bare/echo")
                                .body(StringBody("{\"id\":\"bare-1\",\"code\":\"123456\"}")),
                        status().is(200), jmesPath("code").is("123456")));
        setUp(Load.inject(echo, RATE)).protocols(Flows.protocol(Settings.GATEWAY)).assertions(Load.noFailures());
    }

    @Override
    public void before() {
        Load.starting();
    }

    @Override
    public void after() {
        System.out.println("Measured numbers: " + stats.write());
    }
}
