package io.authcloud.platform.problem;

/** One invalid field of a request, listed in the {@code errors} member of an invalid-request problem. */
public record FieldError(String field, String message) {
}
