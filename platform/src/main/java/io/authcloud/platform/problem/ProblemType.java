package io.authcloud.platform.problem;

import java.net.URI;

/**
 * A kind of problem the API answers with (RFC 9457): the slug ends the {@code type} URI, the title and
 * the HTTP status are the same for every occurrence. Services declare their own domain types; the
 * generic ones every service can meet are here.
 */
public record ProblemType(String slug, String title, int status) {

    /** Problem type URIs are {@code https://authcloud.example/problems/<slug>}. */
    public static final String BASE_URI = "https://authcloud.example/problems/";

    public static final ProblemType INVALID_REQUEST =
            new ProblemType("invalid-request", "The request is not valid", 400);
    public static final ProblemType INVALID_TOKEN =
            new ProblemType("invalid-token", "This token is not accepted here", 401);
    public static final ProblemType FORBIDDEN =
            new ProblemType("forbidden", "You are not allowed to do this", 403);
    public static final ProblemType NOT_FOUND =
            new ProblemType("not-found", "Not found", 404);
    public static final ProblemType METHOD_NOT_ALLOWED =
            new ProblemType("method-not-allowed", "This method is not allowed here", 405);
    public static final ProblemType NOT_ACCEPTABLE =
            new ProblemType("not-acceptable", "No acceptable representation", 406);
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE =
            new ProblemType("unsupported-media-type", "Unsupported media type", 415);
    public static final ProblemType PAYLOAD_TOO_LARGE =
            new ProblemType("payload-too-large", "The request is too large", 413);
    public static final ProblemType VERSION_CONFLICT =
            new ProblemType("version-conflict", "It changed since you read it", 412);
    public static final ProblemType PRECONDITION_REQUIRED =
            new ProblemType("precondition-required", "A precondition is required", 428);
    public static final ProblemType RATE_LIMITED =
            new ProblemType("rate-limited", "Too many requests", 429);
    public static final ProblemType INTERNAL_ERROR =
            new ProblemType("internal-error", "Something went wrong on our side", 500);
    public static final ProblemType SERVICE_UNAVAILABLE =
            new ProblemType("service-unavailable", "The service is temporarily unavailable", 503);

    public URI uri() {
        return URI.create(BASE_URI + slug);
    }
}
