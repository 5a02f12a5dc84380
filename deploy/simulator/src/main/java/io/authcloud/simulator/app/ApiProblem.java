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

    public ApiProblem(int status, JsonNode body) {
        super(body.path("detail").asText(body.path("title").asText("The server refused the request (" + status + ")")));
        this.status = status;
        this.body = body;
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
}
