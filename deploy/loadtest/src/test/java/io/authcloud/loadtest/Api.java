package io.authcloud.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Blocking JSON over HTTP for the set-up before a run (never for measured requests: those are Gatling's).
 * A service restarting under the run (another deploy) answers 502/503 or refuses connections for a
 * moment: such calls are retried for up to {@value #RETRY_SECONDS} seconds.
 */
final class Api {

    /** A response: status, the JSON body (an empty object when there is none) and the ETag. */
    record Response(int status, JsonNode body, String etag) {

        /** The body, or an exception naming the call when the status is not one of {@code expected} (or 2xx). */
        JsonNode expect(String what, Integer... expected) {
            boolean fine = expected.length == 0 ? status / 100 == 2 : Set.of(expected).contains(status);
            if (!fine) {
                throw new IllegalStateException(what + " answered " + status + ": " + body.path("title").asText("")
                        + " " + body.path("detail").asText(""));
            }
            return body;
        }
    }

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int RETRY_SECONDS = 60;

    private final String base;
    private final Supplier<String> token;

    Api(String base, Supplier<String> token) {
        this.base = base;
        this.token = token;
    }

    Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    Response post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    Response put(String path, Object body, Map<String, String> headers) {
        return send("PUT", path, body, headers);
    }

    Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    Response send(String method, String path, Object body, Map<String, String> headers) {
        long deadline = System.nanoTime() + Duration.ofSeconds(RETRY_SECONDS).toNanos();
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token.get());
            }
            headers.forEach(request::header);
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(Json.write(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            try {
                HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                boolean restarting = response.statusCode() == 502 || response.statusCode() == 503;
                if (!restarting || System.nanoTime() > deadline) {
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    return new Response(response.statusCode(), type.contains("json") ? Json.read(response.body())
                            : Json.MAPPER.createObjectNode(), response.headers().firstValue("ETag").orElse(null));
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(method + " " + base + path + " is not reachable", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
