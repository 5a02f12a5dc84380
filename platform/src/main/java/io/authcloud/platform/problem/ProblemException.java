package io.authcloud.platform.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by services to answer with a problem. The message is the problem's detail, which is written
 * for the caller and therefore never holds a secret.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(Problem problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    public ProblemException(ProblemType type, String detail) {
        this(Problem.of(type, detail));
    }

    /** The answer past a limit: 429 {@code rate-limited}, {@code Retry-After} and {@code retryAfterSeconds}. */
    public static ProblemException rateLimited(String detail, long retryAfterSeconds) {
        return new ProblemException(Problem.of(ProblemType.RATE_LIMITED, detail).with("retryAfterSeconds", retryAfterSeconds))
                .header("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** Adds a response header, e.g. {@code Retry-After}. */
    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
