package io.authcloud.loadtest;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.Http;
import io.gatling.javaapi.http.HttpDsl;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Requests and groups that are measured twice over: by Gatling (its HTML report and its assertion) and in
 * {@link Stats} (the JSON the bench reads). Once a request of a virtual user fails, the rest of its flow is
 * skipped, so one failure is one KO and not a cascade of requests sent with what the failed one should
 * have given; the person is still given back.
 */
final class Measure {

    private final Stats stats;

    Measure(Stats stats) {
        this.stats = stats;
    }

    /**
     * A request named {@code name} (prefixed in the warm-up), built by {@code spec} from Gatling's
     * {@code http(name)}, checked by {@code checks}; skipped when the flow already failed.
     */
    ChainBuilder request(String name, Function<Http, HttpRequestActionBuilder> spec, CheckBuilder... checks) {
        List<CheckBuilder> all = new ArrayList<>();
        all.add(responseTimeInMillis().saveAs("responseTime"));
        all.addAll(List.of(checks));
        return ifOk(exec(session -> session.set("sentAt", System.currentTimeMillis()).remove("responseTime"))
                .exec(spec.apply(HttpDsl.http(Flows.name(name))).check(all))
                .exec(session -> record(session, name)));
    }

    /** Runs {@code chain} as the group {@code name}: in Stats, the sum of its requests' response times. */
    ChainBuilder group(String name, ChainBuilder chain) {
        return io.gatling.javaapi.core.CoreDsl.group(Flows.name(name)).on(
                exec(session -> session.set("group", session.getString("phase") + name)
                        .set("groupStart", System.currentTimeMillis()).set("groupMillis", 0))
                        .exec(chain)
                        .exec(session -> {
                            stats.group(session.getString("group"), session.getLong("groupStart"),
                                    session.getInt("groupMillis"), !session.isFailed());
                            return session.remove("group");
                        }));
    }

    /** {@code chain}, unless the flow already failed. */
    static ChainBuilder ifOk(ChainBuilder chain) {
        return doIf(session -> !session.isFailed()).then(chain);
    }

    private Session record(Session session, String name) {
        long sentAt = session.getLong("sentAt");
        int millis = session.contains("responseTime") ? session.getInt("responseTime")
                : (int) (System.currentTimeMillis() - sentAt);
        String group = session.contains("group") ? session.getString("group") : null;
        stats.request(group, session.getString("phase") + name, sentAt, millis, !session.isFailed());
        return group == null ? session : session.set("groupMillis", session.getInt("groupMillis") + millis);
    }
}
