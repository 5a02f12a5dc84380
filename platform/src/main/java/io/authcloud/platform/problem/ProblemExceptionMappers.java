package io.authcloud.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.authcloud.platform.http.StrictJson;
import io.authcloud.platform.observability.Outcomes;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Maps every exception that reaches the REST layer to an RFC 9457 problem, so that no caller ever sees a
 * stack trace, an exception class name or an HTML error page, the authentication's refusals too (401
 * {@code invalid-token} with the Bearer challenge of RFC 6750).
 */
public class ProblemExceptionMappers {

    private final ProblemResponses responses;
    private final Outcomes outcomes;

    public ProblemExceptionMappers(ProblemResponses responses, Outcomes outcomes) {
        this.responses = responses;
        this.outcomes = outcomes;
    }

    /** A problem the code raised; a refusal by a rate limit is counted per operation ({@code limit} tag). */
    @ServerExceptionMapper
    public Response problem(ProblemException e, SimpleResourceInfo operation) {
        if (e.problem().getType().equals(ProblemType.RATE_LIMITED.uri()) && operation != null) {
            outcomes.count("rate.limit.refusals", "limit",
                    operation.getResourceClass().getSimpleName() + "." + operation.getMethodName());
        }
        return responses.of(e.problem(), e.headers());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return invalidRequest(errors);
    }

    @ServerExceptionMapper
    public Response unrecognizedProperty(UnrecognizedPropertyException e) {
        return invalidRequest(List.of(new FieldError(jsonPath(e), "is not a known field")));
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        if (StrictJson.NOT_PLAIN.equals(e.getOriginalMessage())) {
            return invalidRequest(List.of(new FieldError(jsonPath(e), "must be plain text, without control characters")));
        }
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return invalidRequest(List.of(new FieldError(jsonPath(e), "must be " + expected)));
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        return invalidRequest(List.of(new FieldError(jsonPath(e), "has an invalid value")));
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e) {
        return responses.of(Problem.of(ProblemType.INVALID_REQUEST, "The request body is not valid JSON.")
                .with("errors", List.of()));
    }

    /**
     * No token, or one that is not valid here (signature, issuer, audience, expiry): the API's access rule
     * ({@code quarkus.http.auth.permission.api}, checked in the REST layer) or a method's roles asked for an
     * identity and there was none. The challenge says which (RFC 6750 §3: no error code when no token was sent).
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, HttpHeaders request) {
        boolean sent = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        Problem problem = Problem.of(ProblemType.INVALID_TOKEN, sent
                ? "The access token was not accepted (expired, not signed by our sign-in, or not for this API). Sign in again."
                : "This operation needs an access token: sign in first and send it as a Bearer token.");
        return responses.of(problem, Map.of("WWW-Authenticate", sent ? "Bearer error=\"invalid_token\"" : "Bearer"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return responses.of(Problem.of(ProblemType.FORBIDDEN,
                "Your sign-in does not allow this operation."));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status == 401 || status < 400) {
            return original;
        }
        Problem problem = switch (status) {
            case 400 -> Problem.of(ProblemType.INVALID_REQUEST, "The request could not be read.")
                    .with("errors", List.of());
            case 403 -> Problem.of(ProblemType.FORBIDDEN, "Your sign-in does not allow this operation.");
            case 404 -> Problem.of(ProblemType.NOT_FOUND, "There is nothing at this address.");
            case 405 -> Problem.of(ProblemType.METHOD_NOT_ALLOWED, "This address does not accept that method.");
            case 406 -> Problem.of(ProblemType.NOT_ACCEPTABLE, "This address cannot answer in the requested format.");
            case 413 -> Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large.");
            case 415 -> Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json.");
            default -> status >= 500
                    ? internal(e)
                    : Problem.of(new ProblemType("http-" + status, "Request failed", status), "The request failed.");
        };
        return responses.of(problem);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (request != null && request.response().ended()) {
            // RequestDeadline answered 503 already; the work finished (or failed) after it. Not an incident.
            Log.warnf("A request finished after its deadline had answered 503: %s", describe(e));
            return responses.of(Problem.of(ProblemType.SERVICE_UNAVAILABLE, "The request did not complete in time."));
        }
        if (DependencyFailures.isTransient(e)) {
            // The database, Redis or another service did not answer (refused, closed, timed out, breaker open):
            // the caller may try again shortly.
            Log.warnf("A dependency is not available: %s", describe(e));
            return responses.of(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                    "A service this request needs is not available right now. Try again in a few seconds."),
                    Map.of("Retry-After", "10"));
        }
        return responses.of(internal(e));
    }

    /** The classes along the causes, without messages (which may carry addresses or values). */
    private static String describe(Throwable e) {
        List<String> names = new ArrayList<>();
        for (Throwable cause = e; cause != null && names.size() < 5; cause = cause.getCause() == cause ? null : cause.getCause()) {
            names.add(cause.getClass().getSimpleName());
        }
        return String.join(" <- ", names);
    }

    private Response invalidRequest(List<FieldError> errors) {
        String detail = errors.isEmpty() ? "The request is not valid."
                : "Some fields are not valid: " + errors.stream()
                        .map(error -> error.field() + " " + error.message())
                        .collect(Collectors.joining("; ")) + ".";
        return responses.of(Problem.of(ProblemType.INVALID_REQUEST, detail).with("errors", errors));
    }

    private static Problem internal(Throwable e) {
        String incident = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected error, incident %s", incident);
        return Problem.of(ProblemType.INTERNAL_ERROR,
                        "The request could not be completed. Try again later; if it keeps failing, quote incident " + incident + ".")
                .with("incident", incident);
    }

    /** The field path without the method and parameter nodes that Bean Validation puts in front. */
    private static String fieldName(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            // An element of a list is the node after the list: its index belongs to the list's name.
            Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
            if (node.isInIterable() && position != null && !names.isEmpty()) {
                names.set(names.size() - 1, names.get(names.size() - 1) + "[" + position + "]");
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return parameter == null ? "request" : parameter;
        }
        return String.join(".", names);
    }

    private static String jsonPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    /** What a value of {@code type} looks like, in words a person understands. */
    static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == java.util.UUID.class) {
            return "a UUID, such as 3f2c1e9a-6b1d-4c2e-9a57-2f1d6c0b8e11";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "a time in RFC 3339, such as 2026-12-01T12:00:00Z";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(constant -> constant.toString().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
