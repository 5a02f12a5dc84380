package io.authcloud.loadtest;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Hands out test people (or relying parties) round robin, each only while the {@link Ledger} says every
 * limit still allows one more use, which it records at once. An exclusive pool lends each to one virtual
 * user at a time (its ETag, its mailbox and its phone's inbox are then never raced by another virtual
 * user); a shared pool hands out the next one whatever is in flight (reads, relying parties).
 */
final class Pool<T> {

    private final ArrayDeque<T> free;
    private final List<T> all;
    private final Function<T, String> key;
    private final List<Ledger.Limit> limits;
    private final Ledger ledger;
    private final boolean exclusive;
    private final AtomicInteger next = new AtomicInteger();

    private Pool(List<T> members, Function<T, String> key, List<Ledger.Limit> limits, Ledger ledger, boolean exclusive) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("A pool needs at least one member");
        }
        this.all = List.copyOf(members);
        this.free = new ArrayDeque<>(members);
        this.key = key;
        this.limits = limits;
        this.ledger = ledger;
        this.exclusive = exclusive;
    }

    static <T> Pool<T> exclusive(List<T> members, Function<T, String> key, Ledger ledger, Ledger.Limit... limits) {
        return new Pool<>(members, key, List.of(limits), ledger, true);
    }

    static <T> Pool<T> shared(List<T> members, Function<T, String> key, Ledger ledger, Ledger.Limit... limits) {
        return new Pool<>(members, key, List.of(limits), ledger, false);
    }

    /** The next member free and within its limits (its uses recorded), or null when there is none now. */
    synchronized T take() {
        long now = System.currentTimeMillis();
        if (!exclusive) {
            for (int i = all.size(); i > 0; i--) {
                T candidate = all.get(Math.floorMod(next.getAndIncrement(), all.size()));
                if (allowance(candidate, now) >= 1) {
                    return used(candidate, now);
                }
            }
            return null;
        }
        for (int i = free.size(); i > 0; i--) {
            T candidate = free.pollFirst();
            if (allowance(candidate, now) >= 1) {
                return used(candidate, now);
            }
            free.addLast(candidate);
        }
        return null;
    }

    private T used(T member, long now) {
        limits.forEach(limit -> ledger.record(limit.kind(), key.apply(member), limit.perUse(), now));
        return member;
    }

    /** Returns a member taken with {@link #take()}. */
    synchronized void giveBack(T member) {
        if (exclusive) {
            free.addLast(member);
        }
    }

    /** How many uses all members together may still make now. */
    synchronized long allowance() {
        long now = System.currentTimeMillis();
        return all.stream().mapToLong(member -> allowance(member, now)).sum();
    }

    private long allowance(T member, long now) {
        return limits.stream().mapToLong(limit -> limit.allowance(ledger, key.apply(member), now)).min().orElse(Long.MAX_VALUE);
    }
}
