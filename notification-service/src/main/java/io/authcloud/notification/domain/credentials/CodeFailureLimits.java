package io.authcloud.notification.domain.credentials;

import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.notification.events.CredentialEvents;
import io.authcloud.notification.events.SignInCodesFailing;
import io.authcloud.platform.ratelimit.FixedWindow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The limits on wrong sign-in codes of one person, short and long term (NIST SP 800-63B 5.2.2): 10 per 5
 * minutes and 30 per UTC day in Redis, where a try takes its slot before the comparison (parallel guesses
 * cannot slip past) and a good code gives it back; and wrong codes in a row in PostgreSQL, which lock code
 * sign-in at 100 until a push sign-in is approved. Reaching a limit is told to the person once a day.
 */
@ApplicationScoped
public class CodeFailureLimits {

    static final Duration WINDOW = Duration.ofMinutes(5);

    /** The slots one code check took, of the 5-minute window and of the day. */
    public record Tries(FixedWindow.Slot window, FixedWindow.Slot day) {
        long inWindow() {
            return window.taken();
        }

        long inDay() {
            return day.taken();
        }
    }

    private final NotificationConfig config;
    private final CredentialEvents events;
    private final Clock clock;
    private final FixedWindow shortTerm;
    private final FixedWindow daily;
    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;

    public CodeFailureLimits(NotificationConfig config, CredentialEvents events, Clock clock, ReactiveRedisDataSource redis) {
        this.config = config;
        this.events = events;
        this.clock = clock;
        this.shortTerm = new FixedWindow(redis, clock, "signin:code-failures", WINDOW);
        this.daily = new FixedWindow(redis, clock, "signin:code-failures:day", Duration.ofDays(1));
        this.values = redis.value(String.class);
        this.keys = redis.key();
    }

    /** Refuses with 423 when the person's wrong codes in a row reached the lock; checked before any comparison. */
    @WithSession
    public Uni<Void> checkNotLocked(String owner) {
        return Panache.getSession().flatMap(session -> session
                        .createNativeQuery("SELECT coalesce(max(consecutive), 0) FROM code_failure_streak WHERE owner = :owner",
                                Integer.class)
                        .setParameter("owner", owner)
                        .getSingleResult())
                .invoke(consecutive -> {
                    if (consecutive >= config.consecutiveCodeFailures()) {
                        throw CredentialProblems.codesLocked();
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Takes a try of the 5-minute window and of the day, or refuses with 429 (giving back what it took)
     * when either is used up.
     */
    public Uni<Tries> take(String person) {
        return shortTerm.take(person, config.codeFailuresPerUsername(), CredentialProblems::tooManyWrongCodes)
                .flatMap(window -> daily.take(person, config.codeFailuresPerDay(), CredentialProblems::tooManyWrongCodesToday)
                        .onFailure().call(() -> shortTerm.giveBack(window))
                        .map(day -> new Tries(window, day)));
    }

    /** Wrong codes still allowed now: the fewer of the window's and the day's. */
    public int attemptsLeft(Tries tries) {
        return (int) Math.max(0, Math.min(config.codeFailuresPerUsername() - tries.inWindow(),
                config.codeFailuresPerDay() - tries.inDay()));
    }

    /** A good code: its slots are given back and the person's run of wrong codes ends. */
    public Uni<Void> succeeded(String owner, Tries tries) {
        return shortTerm.giveBack(tries.window()).chain(() -> daily.giveBack(tries.day()))
                .chain(() -> Panache.withTransaction(() -> resetStreak(owner)));
    }

    /** Ends the person's run of wrong codes, in the caller's transaction (a good code, an approved push sign-in). */
    @WithTransaction
    public Uni<Void> resetStreak(String owner) {
        return Panache.getSession().flatMap(session -> session
                        .createNativeQuery("UPDATE code_failure_streak SET consecutive = 0, updated_at = :now"
                                + " WHERE owner = :owner AND consecutive <> 0")
                        .setParameter("owner", owner)
                        .setParameter("now", clock.instant())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * A wrong code of a known person: one more in a row (an atomic upsert), and, when this code reached a
     * limit, {@code SignInCodesFailing} through the outbox, at most once per person and UTC day.
     */
    public Uni<Void> failed(String owner, Tries tries) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery("""
                                INSERT INTO code_failure_streak (owner, consecutive, updated_at) VALUES (:owner, 1, :now)
                                ON CONFLICT (owner) DO UPDATE SET consecutive = code_failure_streak.consecutive + 1,
                                    updated_at = excluded.updated_at
                                RETURNING consecutive""", Integer.class)
                        .setParameter("owner", owner)
                        .setParameter("now", now)
                        .getSingleResult())
                .flatMap(consecutive -> {
                    SignInCodesFailing reached = reached(owner, tries, consecutive, now);
                    if (reached == null) {
                        return Uni.createFrom().voidItem();
                    }
                    String noticed = "signin:codes-failing-noticed:" + owner + ":" + FixedWindow.windowOf(now, Duration.ofDays(1));
                    return values.setnx(noticed, reached.limit()).flatMap(first -> {
                        if (!first) {
                            return Uni.createFrom().voidItem();
                        }
                        Log.warnf("Wrong sign-in codes for %s reached the %s limit (%d)", owner, reached.limit(),
                                reached.failures());
                        return keys.expire(noticed, Duration.ofDays(2)).chain(() -> events.codesFailing(reached))
                                .replaceWithVoid();
                    });
                }));
    }

    /** The limit this wrong code reached, the most severe first; null when it reached none. */
    private SignInCodesFailing reached(String owner, Tries tries, int consecutive, Instant now) {
        if (consecutive == config.consecutiveCodeFailures()) {
            return new SignInCodesFailing(owner, "consecutive", consecutive, now);
        }
        if (tries.inDay() == config.codeFailuresPerDay()) {
            return new SignInCodesFailing(owner, "day", (int) tries.inDay(), now);
        }
        if (tries.inWindow() == config.codeFailuresPerUsername()) {
            return new SignInCodesFailing(owner, "window", (int) tries.inWindow(), now);
        }
        return null;
    }
}
