package io.authcloud.loadtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Makes the test people of a run ready before it starts: each exists in the realm (created only when
 * missing, so later runs reuse them), is signed in once, and has what the scenario needs (a backup, a
 * phone...). All in parallel on {@code -DprovisionThreads} threads, since each sign-in costs Keycloak a
 * password hash and there may be hundreds.
 */
final class People {

    private People() {
    }

    /** {@code <prefix>-00001} to {@code <prefix>-<count>}. */
    static List<String> first(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("%s-%05d", prefix, i)).toList();
    }

    /**
     * The first people {@code <prefix>-00001}, {@code -00002}... who may still act by every limit: at least
     * {@code minPeople} of them, and enough that together they may act {@code uses} times; exactly
     * {@code -Dpeople} of them when that is given. Those who used up a limit in earlier runs are skipped
     * (they are not even signed in), so a run never asks a person for more than a limit allows.
     */
    static List<String> withAllowance(String prefix, Ledger ledger, List<Ledger.Limit> limits, double uses, int minPeople) {
        String fixed = System.getProperty("people");
        long now = System.currentTimeMillis();
        List<String> chosen = new ArrayList<>();
        long total = 0;
        for (int i = 1; i <= 99_999; i++) {
            String username = String.format("%s-%05d", prefix, i);
            long allowance = limits.stream().mapToLong(limit -> limit.allowance(ledger, username, now)).min().orElse(Long.MAX_VALUE);
            if (allowance >= 1) {
                chosen.add(username);
                total += allowance;
            }
            boolean enough = fixed != null && !fixed.isBlank() ? chosen.size() >= Integer.parseInt(fixed.trim())
                    : total >= uses && chosen.size() >= minPeople;
            if (enough) {
                return chosen;
            }
        }
        throw new IllegalStateException("Not enough test people named " + prefix + "-NNNNN are within their limits");
    }

    /**
     * The people named {@code usernames} ({@code <prefix>-NNNNN}), each created if missing, signed in
     * ({@code interactive}: as the app does, for step-up) and then given to {@code setUp} (on the same pool).
     */
    static List<Person> provision(Keycloak keycloak, String prefix, List<String> usernames, boolean interactive,
            Consumer<Person> setUp) {
        Instant started = Instant.now();
        int count = usernames.size();
        Set<String> existing = keycloak.existing(prefix, usernames);
        System.out.printf("Test people %s .. %s: %d, of which %d exist and %d are created; signing in on %d threads%n",
                usernames.get(0), usernames.get(count - 1), count, existing.size(), count - existing.size(),
                Settings.PROVISION_THREADS);
        AtomicInteger done = new AtomicInteger();
        List<Person> people = parallel(usernames, username -> {
            if (!existing.contains(username)) {
                keycloak.create(username, Settings.PEOPLE_PASSWORD, Integer.parseInt(username.substring(username.length() - 5)));
            }
            Person person = new Person(username, Settings.PEOPLE_PASSWORD, interactive);
            signIn(keycloak, person);
            if (!Keycloak.realmRoles(person.accessToken()).contains("user")) {
                // Created by an earlier run that stopped before granting the role.
                keycloak.grantUserRole(username);
                signIn(keycloak, person);
            }
            setUp.accept(person);
            int n = done.incrementAndGet();
            if (n % 50 == 0 && n < count) {
                System.out.printf("  %d of %d people ready%n", n, count);
            }
            return person;
        });
        System.out.printf("%d people ready in %d s%n", people.size(), Duration.between(started, Instant.now()).toSeconds());
        return people;
    }

    static void signIn(Keycloak keycloak, Person person) {
        person.tokens(person.interactive ? keycloak.interactive(person.username, person.password)
                : keycloak.passwordGrant(person.username, person.password));
    }

    /** Runs {@code work} for every item on the provisioning pool; the first failure stops the run. */
    static <I, O> List<O> parallel(List<I> items, java.util.function.Function<I, O> work) {
        ExecutorService pool = Executors.newFixedThreadPool(Settings.PROVISION_THREADS, Mailbox.daemon("provision"));
        try {
            List<Future<O>> futures = new ArrayList<>();
            for (I item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<O> results = new ArrayList<>();
            for (Future<O> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Preparing the test people failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
