package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A refusal from the server, as RFC 9457 problem details: what the app shows the person is the
 * {@code detail}, written by the server in plain words.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final JsonNode body;
    private final java.util.Map<String, java.util.List<String>> headers;

    public ApiProblem(int status, JsonNode body) {
        this(status, body, java.util.Map.of());
    }

    public ApiProblem(int status, JsonNode body, java.util.Map<String, java.util.List<String>> headers) {
        super(body.path("detail").asText(body.path("title").asText("The server refused the request (" + status + ")")));
        this.status = status;
        this.body = body;
        this.headers = headers;
        String uri = body.path("type").asText("");
        this.type = uri.substring(uri.lastIndexOf('/') + 1);
    }

    public int status() {
        return status;
    }

    /** The problem type's slug, e.g. {@code backup-on-other-platform}. */
    public String type() {
        return type;
    }

    public JsonNode body() {
        return body;
    }

    /** A header of the answer (case-insensitive), e.g. {@code Retry-After}; null when absent. */
    public String header(String name) {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
                .map(h -> h.getValue().get(0)).findFirst().orElse(null);
    }
}
