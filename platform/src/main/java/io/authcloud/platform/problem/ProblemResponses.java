package io.authcloud.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Turns problems into {@code application/problem+json} responses. */
@ApplicationScoped
public class ProblemResponses {

    private final ObjectMapper objectMapper;

    public ProblemResponses(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public Response of(Problem problem) {
        return of(problem, Map.of());
    }

    public Response of(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder response = Response.status(problem.getStatus())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(json(problem));
        headers.forEach(response::header);
        return response.build();
    }

    private String json(Problem problem) {
        try {
            return objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            // A problem holds strings, numbers and lists only; failing here is a programming error.
            throw new IllegalStateException("Cannot write problem " + problem.getType(), e);
        }
    }
}
