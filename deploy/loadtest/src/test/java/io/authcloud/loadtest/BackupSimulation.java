package io.authcloud.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Devices backing up and reading back through the gateway: each virtual user owns one storage location,
 * creates its backup with If-None-Match: *, then keeps replacing it with If-Match (the ETag it got) and
 * reading it back with and without If-None-Match, as auto backup and a recovery do.
 *
 * <p>Run against the local stack with a raised write limit (the default is 60 writes a minute per person):
 * <pre>
 * AUTHCLOUD_BACKUP_WRITES_PER_MINUTE=1000000 deploy/local/up.sh
 * ./mvnw -pl deploy/loadtest gatling:test -Dgatling.simulationClass=io.authcloud.loadtest.BackupSimulation -Dusers=20 -DdurationSeconds=60
 * </pre>
 */
public class BackupSimulation extends Simulation {

    private static final String CIPHERTEXT = randomBase64(LoadTestSettings.CIPHERTEXT_BYTES);

    private final HttpProtocolBuilder protocol = http
            .baseUrl(LoadTestSettings.GATEWAY)
            .authorizationHeader("Bearer " + LoadTestSettings.accessToken())
            .contentTypeHeader("application/json")
            .acceptHeader("application/json")
            // The app keeps no HTTP cache: conditional requests below are explicit.
            .disableCaching();

    private final ScenarioBuilder autoBackup = scenario("auto backup and read back")
            .exec(session -> session.set("location", "/v1/backups/icloud/load-" + UUID.randomUUID()))
            .exec(http("PUT create").put("#{location}")
                    .header("If-None-Match", "*")
                    .body(StringBody(body()))
                    .check(status().is(201), header("ETag").saveAs("etag")))
            .during(LoadTestSettings.DURATION).on(
                    exec(http("PUT replace").put("#{location}")
                            .header("If-Match", "#{etag}")
                            .body(StringBody(body()))
                            .check(status().is(200), header("ETag").saveAs("etag")))
                    .exec(http("GET backup").get("#{location}")
                            .check(status().is(200)))
                    .exec(http("GET not modified").get("#{location}")
                            .header("If-None-Match", "#{etag}")
                            .check(status().is(304))));

    {
        setUp(autoBackup.injectClosed(constantConcurrentUsers(LoadTestSettings.USERS).during(LoadTestSettings.DURATION)))
                .protocols(protocol)
                .assertions(global().failedRequests().percent().lt(1.0));
    }

    private static io.gatling.javaapi.core.ChainBuilder exec(io.gatling.javaapi.http.HttpRequestActionBuilder request) {
        return io.gatling.javaapi.core.CoreDsl.exec(request);
    }

    private static String body() {
        return "{\"ciphertext\":\"" + CIPHERTEXT + "\",\"keyId\":\"load-key\",\"formatVersion\":1,"
                + "\"deviceId\":\"load-device\",\"platform\":\"ios\",\"accountCount\":12}";
    }

    private static String randomBase64(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }
}
