package io.authcloud.backup.domain;

import java.util.Set;

/** The HTTP precondition of a write: how the device says which state it expects to replace. */
public sealed interface Precondition {

    /** No {@code If-Match} and no {@code If-None-Match}: refused, a blind write could lose an update. */
    record None() implements Precondition {
    }

    /** {@code If-None-Match: *}: create, only if there is no current backup. */
    record CreateOnly() implements Precondition {
    }

    /** {@code If-Match}: replace, only if the current version is one of these ({@code any} for {@code *}). */
    record Matches(boolean any, Set<Integer> versions) implements Precondition {
        public boolean accepts(int currentVersion) {
            return any || versions.contains(currentVersion);
        }
    }
}
