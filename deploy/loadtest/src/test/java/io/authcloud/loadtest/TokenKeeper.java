package io.authcloud.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the test people's tokens usable while the run goes on, on a thread of its own: an access token
 * that expires within a minute is refreshed (the refresh token grant: no password hash, cheap for
 * Keycloak), so no virtual user ever waits for a sign-in. A person who must show a recent sign-in (step-up,
 * {@code -DstepUpMaxAgeSeconds}, default 300 as the services' {@code authcloud.step-up.max-age}) signs in
 * again before that age is reached: runs longer than a few minutes then cost Keycloak a password hash per
 * person every few minutes, as phones that step up would.
 *
 * <p>Also refreshes other tokens, such as relying parties' client credentials ({@link #keep}). When the run
 * is over, the people are signed out.
 */
final class TokenKeeper implements AutoCloseable {

    static final Duration STEP_UP_MAX_AGE = Settings.seconds("stepUpMaxAgeSeconds", 300);

    private final Keycloak keycloak;
    private final List<Person> people = new CopyOnWriteArrayList<>();
    private final List<Runnable> others = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Mailbox.daemon("token-keeper"));

    TokenKeeper(Keycloak keycloak) {
        this.keycloak = keycloak;
        timer.scheduleWithFixedDelay(this::renew, 5, 5, TimeUnit.SECONDS);
    }

    void keepAll(List<Person> persons) {
        people.addAll(persons);
    }

    /** Renews {@code tokens} by {@code renew} when they expire within a minute. */
    void keep(java.util.function.Supplier<Tokens> tokens, java.util.function.Supplier<Tokens> renew, Consumer<Tokens> store) {
        others.add(() -> {
            if (tokens.get().accessExpiresAt().isBefore(Instant.now().plusSeconds(60))) {
                store.accept(renew.get());
            }
        });
    }

    /** Whether the person's last sign-in is still recent enough for step-up, with {@code margin} to spare. */
    static boolean recentEnough(Person person, Duration margin) {
        return person.tokens().signedInAt().plus(STEP_UP_MAX_AGE).minus(margin).isAfter(Instant.now());
    }

    private void renew() {
        for (Person person : people) {
            try {
                Tokens tokens = person.tokens();
                if (person.interactive && !recentEnough(person, Duration.ofSeconds(90))) {
                    person.tokens(keycloak.interactive(person.username, person.password));
                } else if (tokens.accessExpiresAt().isBefore(Instant.now().plusSeconds(60))) {
                    person.tokens(keycloak.refresh(tokens, person.username));
                }
            } catch (RuntimeException e) {
                System.err.println("Renewing the tokens of " + person.username + " failed: " + e.getMessage());
            }
        }
        for (Runnable other : others) {
            try {
                other.run();
            } catch (RuntimeException e) {
                System.err.println("Renewing a client's token failed: " + e.getMessage());
            }
        }
    }

    /** Stops renewing, and signs the people out (no password hash: cheap), so their sessions do not pile up. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            People.parallel(List.copyOf(people), person -> {
                keycloak.signOut(person.tokens());
                return person;
            });
        } catch (RuntimeException e) {
            System.err.println("Signing the test people out failed: " + e.getMessage());
        }
    }
}
