package io.authcloud.loadtest;

import static io.gatling.javaapi.core.CoreDsl.crashLoadGeneratorIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Pieces every scenario uses: the HTTP protocol, the request names, taking a person from a pool and
 * giving them back, the bearer token of the person a virtual user acts as, and waiting for a mailed code.
 *
 * <p>Properties: {@code shareConnections} (true): virtual users share one connection pool, as the gateway's
 * clients behind a few NATs and the relying parties' servers do; {@code false} gives each its own
 * connections (a new TCP connection per virtual user). {@code waitForPersonSeconds} (10): how long a
 * virtual user may wait for a person who is free and within the limits before the run is stopped as
 * wrongly sized (raise {@code -Dpeople}, or {@code -DexpectedRate} in the closed model): a run never makes a
 * person exceed a limit, and never quietly slows down instead.
 */
final class Flows {

    static final String PERSON = "person";
    private static final Duration WAIT_FOR_PERSON = Settings.seconds("waitForPersonSeconds", 10);

    private Flows() {
    }

    static HttpProtocolBuilder protocol(String baseUrl) {
        HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .userAgentHeader("authcloud-loadtest")
                // Phones keep no HTTP cache; conditional requests are explicit. No warm-up call to gatling.io.
                .disableCaching()
                .disableWarmUp()
                .disableFollowRedirect();
        return Boolean.parseBoolean(Settings.string("shareConnections", "true")) ? protocol.shareConnections() : protocol;
    }

    /** A request or group name: prefixed with "warmup " for the virtual users of the warm-up. */
    static String name(String name) {
        return "#{phase}" + name;
    }

    /** "Bearer" and the access token of the person this virtual user acts as. */
    static Function<Session, String> bearer() {
        return session -> "Bearer " + session.<Person>get(PERSON).accessToken();
    }

    static Person person(Session session) {
        return session.get(PERSON);
    }

    /**
     * Marks the phase, then takes a member of {@code pool} into {@code attribute}, waiting while none is
     * free and within its limits; stops the run when none comes within {@code -DwaitForPersonSeconds}.
     */
    static <T> ChainBuilder take(Pool<T> pool, String attribute) {
        Function<Session, Session> attempt = session -> {
            T member = pool.take();
            return member == null ? session : session.set(attribute, member);
        };
        return exec(session -> Load.markPhase(session).set("waitingSince", System.nanoTime()))
                .exec(attempt)
                .asLongAs(session -> !session.contains(attribute)).on(
                        crashLoadGeneratorIf("No " + attribute + " was free and within the services' limits for "
                                        + WAIT_FOR_PERSON.toSeconds() + " s: give the run more people (-Dpeople; closed model: a higher"
                                        + " -DexpectedRate) or a lower rate",
                                session -> System.nanoTime() - session.getLong("waitingSince") > WAIT_FOR_PERSON.toNanos())
                                .pause(Duration.ofMillis(20))
                                .exec(attempt));
    }

    static <T> ChainBuilder giveBack(Pool<T> pool, String attribute) {
        return exec(session -> {
            pool.giveBack(session.get(attribute));
            return session.remove(attribute);
        });
    }

    /**
     * Waits (a pause, no request) for the next code mailed to the person, into {@code code}. When none
     * comes within {@code -DcodeTimeoutSeconds}, {@code code} is empty: the request that sends it is
     * refused as malformed (400, which costs the person no try) and counted as failed.
     */
    static ChainBuilder awaitCode(Mailbox mailbox) {
        return exec(session -> session.set("mailed", mailbox.nextCode(person(session).email)))
                .asLongAs(session -> !session.<CompletableFuture<String>>get("mailed").isDone()).on(pause(Duration.ofMillis(100)))
                .exec(session -> {
                    CompletableFuture<String> mailed = session.get("mailed");
                    if (mailed.isCompletedExceptionally()) {
                        System.err.println("No code was mailed to " + person(session).email + " within "
                                + Mailbox.CODE_TIMEOUT.toSeconds() + " s");
                        return session.set("code", "").remove("mailed");
                    }
                    return session.set("code", mailed.join()).remove("mailed");
                });
    }

    /** Drops the code from the session once sent: a session printed in a log then shows none. */
    static ChainBuilder forgetCode() {
        return exec(session -> session.remove("code"));
    }

    /** Repeats {@code chain} while {@code condition} holds, at most {@code times}, pausing {@code every} in between. */
    static ChainBuilder poll(Function<Session, Boolean> condition, int times, Duration every, ChainBuilder chain) {
        return exec(session -> session.set("polls", 0))
                .asLongAs(session -> condition.apply(session) && session.getInt("polls") < times).on(
                        exec(session -> session.set("polls", session.getInt("polls") + 1))
                                .exec(chain)
                                .doIf(condition::apply).then(pause(every)));
    }
}
