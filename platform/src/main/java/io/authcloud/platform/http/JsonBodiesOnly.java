package io.authcloud.platform.http;

import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemResponses;
import io.authcloud.platform.problem.ProblemType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request body of the API is JSON and says so: a body without {@code Content-Type} or with another type
 * is 415 {@code unsupported-media-type} before any resource reads it (JAX-RS would otherwise take a body
 * without a type for whatever the method consumes).
 */
public class JsonBodiesOnly {

    private final ProblemResponses responses;

    public JsonBodiesOnly(ProblemResponses responses) {
        this.responses = responses;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseOtherBodies(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1/") || !hasBody(request)) {
            return null;
        }
        MediaType type = request.getMediaType();
        if (type != null && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.getSubtype().endsWith("+json"))) {
            return null;
        }
        return responses.of(Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Send the request body as JSON, with Content-Type: application/json."));
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !length.trim().equals("0") : request.getHeaderString("Transfer-Encoding") != null;
    }
}
