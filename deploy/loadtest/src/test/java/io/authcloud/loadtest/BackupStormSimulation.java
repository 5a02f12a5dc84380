package io.authcloud.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A storm of auto backups ({@code -Dop=put}) or of backup reads ({@code -Dop=get}), measured separately.
 * Each virtual user makes one request as one test person, taken round robin, at that person's own storage
 * location ({@code icloud/load-<username>}):
 * <ul>
 *   <li>{@code put}: "PUT replace", a {@code PUT} with {@code If-Match} = the person's current ETag (kept per
 *       person and updated from each answer; a person serves one virtual user at a time, so the tag is never
 *       stale), {@code ciphertextBytes} of random ciphertext; expects 200;</li>
 *   <li>{@code get}: "GET backup", a {@code GET} of the location; expects 200.</li>
 * </ul>
 * The set-up, before the warm-up and unmeasured, creates each person's backup ({@code If-None-Match: *}) when
 * it has none, or reads its ETag.
 *
 * <p>Writes respect backup-service's limit of {@code writesPerMinute} (60, its
 * {@code authcloud.backup.writes-per-minute}) PUT/DELETE/restore per person per clock minute (a fixed window
 * in Redis): there are enough people that none is asked more (see {@link Ledger}), including what earlier runs
 * of the last minute used. The same class measures backup-service without the gateway when {@code gateway}
 * names it (http://127.0.0.1:8081 locally): the paths and the token are the same.
 *
 * <p>Properties (and {@link Settings}, {@link Load}, {@link Flows}): {@code op} (put), {@code rate} (100
 * requests a second), {@code expectedRate} (600, closed model), {@code ciphertextBytes} (8192),
 * {@code writesPerMinute} (60), {@code people} (enough for the limit at the planned rate, at least 20; writes take
 * only people who may still write this minute),
 * {@code peoplePrefix} (load-backup).
 */
public class BackupStormSimulation extends Simulation {

    private static final String OP = Settings.string("op", "put");
    private static final String PREFIX = Settings.string("peoplePrefix", "load-backup");
    private static final double RATE = 100;
    private static final int WRITES_PER_MINUTE = Settings.integer("writesPerMinute", 60);
    private static final Ledger.Limit WRITES = new Ledger.Limit("backup-writes", WRITES_PER_MINUTE, Ledger.Window.MINUTE, 1, 2);
    private static final String BODY = body(Settings.integer("ciphertextBytes", 8192));

    private final Keycloak keycloak = new Keycloak();
    private final TokenKeeper tokens = new TokenKeeper(keycloak);
    private final Ledger ledger = Ledger.open();
    private final Stats stats = new Stats(getClass());
    private final Measure measure = new Measure(stats);

    public BackupStormSimulation() {
        if (!OP.equals("put") && !OP.equals("get")) {
            throw new IllegalArgumentException("-Dop must be put or get, not " + OP);
        }
        System.out.println("BackupStormSimulation " + OP + " at " + Settings.GATEWAY + ": " + Load.describe(RATE));
        List<Person> people = People.provision(keycloak, PREFIX, usernames(ledger), false, this::ensureBackup);
        tokens.keepAll(people);
        ledger.save();
        Pool<Person> pool = OP.equals("put") ? Pool.exclusive(people, Person::toString, ledger, WRITES) : Pool.shared(people, Person::toString, ledger);

        ScenarioBuilder storm = scenario("backup " + OP)
                .exec(Flows.take(pool, Flows.PERSON))
                .exec(OP.equals("put") ? replace() : read())
                .exec(Flows.giveBack(pool, Flows.PERSON));
        setUp(Load.inject(storm, RATE)).protocols(Flows.protocol(Settings.GATEWAY)).assertions(Load.noFailures());
    }

    @Override
    public void after() {
        tokens.close();
        ledger.save();
        System.out.println("Measured numbers: " + stats.write());
    }

    private ChainBuilder replace() {
        return measure.request("PUT replace", http -> http.put(session -> Flows.person(session).backupPath())
                                .header("Authorization", Flows.bearer())
                                .header("If-Match", session -> Flows.person(session).etag)
                                .body(StringBody(BODY)),
                        status().is(200), header("ETag").saveAs("etag"))
                .exec(session -> {
                    if (session.contains("etag")) {
                        Flows.person(session).etag = session.getString("etag");
                    }
                    return session.remove("etag");
                });
    }

    private ChainBuilder read() {
        return measure.request("GET backup", http -> http.get(session -> Flows.person(session).backupPath())
                .header("Authorization", Flows.bearer()), status().is(200));
    }

    /** The person's backup exists and its ETag is known: read it, or create it (a write, counted). */
    private void ensureBackup(Person person) {
        Api api = new Api(Settings.GATEWAY, person::accessToken);
        Api.Response current = api.get(person.backupPath());
        if (current.status() == 200) {
            person.etag = current.etag();
            return;
        }
        current.expect("Reading the backup of " + person, 200, 404, 410);
        ledger.record(WRITES.kind(), person.username, 1, System.currentTimeMillis());
        Api.Response created = api.put(person.backupPath(), Json.read(BODY), Map.of("If-None-Match", "*"));
        created.expect("Creating the backup of " + person, 201);
        person.etag = created.etag();
    }

    /**
     * {@code -Dpeople}, or: for reads, enough people that each is read often; for writes, the first people who
     * may still write, enough that together they may make the run's planned writes (and a quarter more) within
     * this minute's limit, skipping those earlier runs of the same minute used up (phase after phase of a bench).
     */
    private static List<String> usernames(Ledger ledger) {
        double rate = Load.plannedRate(RATE, 600);
        double seconds = Math.min(60, Load.runTime().toSeconds());
        if (OP.equals("put")) {
            return People.withAllowance(PREFIX, ledger, List.of(WRITES), rate * seconds * 1.25, 20);
        }
        int needed = (int) Math.ceil(rate * seconds / (WRITES.max() - WRITES.margin() - 1) * 1.25);
        return People.first(PREFIX, Settings.integer("people", Math.max(20, needed)));
    }

    private static String body(int ciphertextBytes) {
        byte[] random = new byte[ciphertextBytes];
        new SecureRandom().nextBytes(random);
        return Json.write(Map.of("ciphertext", Base64.getEncoder().encodeToString(random), "keyId", "load-key",
                "formatVersion", 1, "deviceId", "load-phone", "platform", "ios", "accountCount", 12));
    }
}
