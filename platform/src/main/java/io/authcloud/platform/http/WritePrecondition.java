package io.authcloud.platform.http;

import io.authcloud.platform.problem.FieldError;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTTP precondition of a write (RFC 9110 §13.1): how a client says which state it expects to replace.
 * Entity tags are versions in quotes ({@code "3"}); weak tags never match a write (strong comparison).
 */
public sealed interface WritePrecondition {

    /** No {@code If-Match} and no {@code If-None-Match}: refused, a blind write could lose an update. */
    record None() implements WritePrecondition {
    }

    /** {@code If-None-Match: *}: create, only if nothing is there yet. */
    record CreateOnly() implements WritePrecondition {
    }

    /** {@code If-Match}: replace, only if the current version is one of these ({@code any} for {@code *}). */
    record Matches(boolean any, Set<Integer> versions) implements WritePrecondition {
        public boolean accepts(int currentVersion) {
            return any || versions.contains(currentVersion);
        }
    }

    /** Versions are ints: at most 9 digits, so a tag never overflows when read. */
    Pattern STRONG_ETAG = Pattern.compile("\"([1-9][0-9]{0,8})\"");

    /** Reads the precondition headers of a write; malformed or contradictory headers are 400. */
    static WritePrecondition of(String ifMatch, String ifNoneMatch) {
        if (ifMatch != null && ifNoneMatch != null) {
            throw invalid("If-Match", "send either If-Match or If-None-Match, not both");
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw invalid("If-None-Match", "must be * on a write");
            }
            return new CreateOnly();
        }
        if (ifMatch == null) {
            return new None();
        }
        if (ifMatch.trim().equals("*")) {
            return new Matches(true, Set.of());
        }
        Set<Integer> versions = new HashSet<>();
        for (String tag : ifMatch.split(",")) {
            String trimmed = tag.trim();
            boolean weak = trimmed.startsWith("W/");
            var matcher = STRONG_ETAG.matcher(weak ? trimmed.substring(2) : trimmed);
            if (!matcher.matches()) {
                throw invalid("If-Match", "must be * or a list of entity tags such as \"3\"");
            }
            if (!weak) {
                versions.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return new Matches(false, versions);
    }

    /** The entity tag of a version. */
    static String etag(int version) {
        return "\"" + version + "\"";
    }

    private static ProblemException invalid(String header, String message) {
        return new ProblemException(Problem.of(ProblemType.INVALID_REQUEST, "Some fields are not valid: " + header + " "
                + message + ".").with("errors", List.of(new FieldError(header, message))));
    }
}
