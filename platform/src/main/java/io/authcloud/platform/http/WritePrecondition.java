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
 * Our entity tags are versions in quotes ({@code "3"}); weak tags never match a write (strong comparison). Any
 * other well-formed tag ({@code "stale-0"}, another server's) is simply a tag that matches nothing, so the
 * write fails its precondition (412); only a header that is not a list of entity tags is malformed (400).
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

    /** An entity tag (RFC 9110 §8.8.3): optional {@code W/}, then quoted characters other than {@code "}. */
    String TAG = "(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"";
    Pattern ENTITY_TAG = Pattern.compile(TAG);
    /**
     * A comma-separated list of entity tags (a comma may also sit inside a tag's quotes); empty elements are
     * ignored, as RFC 9110 §5.6.1.2 asks of a recipient.
     */
    Pattern ENTITY_TAGS = Pattern.compile("[\\s,]*" + TAG + "(\\s*,[\\s,]*" + TAG + ")*[\\s,]*");
    /** A tag that names one of our versions: ints of at most 9 digits, so reading one never overflows. */
    Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

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
        if (!ENTITY_TAGS.matcher(ifMatch).matches()) {
            throw invalid("If-Match", "must be * or a list of entity tags such as \"3\"");
        }
        Set<Integer> versions = new HashSet<>();
        var tags = ENTITY_TAG.matcher(ifMatch);
        while (tags.find()) {
            boolean weak = tags.group(1) != null;
            if (!weak && VERSION.matcher(tags.group(2)).matches()) {
                versions.add(Integer.parseInt(tags.group(2)));
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
