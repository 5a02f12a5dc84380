package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** JSON over HTTP with a bearer token; problem answers become {@link ApiProblem}. */
public final class Http {

    /** A response: status, headers that matter, and the JSON body (empty object when there is none). */
    public record Response(int status, JsonNode body, String etag, String retryAfter, byte[] raw) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Told of every answer ("METHOD path" and the response): the system tests scan all the API said. None by default. */
    private static volatile BiConsumer<String, HttpResponse<byte[]>> observer = (request, response) -> { };

    private final String base;
    private final Supplier<String> token;
    private final Supplier<String> traceparent;

    public Http(String base, Supplier<String> token) {
        this(base, token, null);
    }

    /** With {@code traceparent}: every request joins the caller's trace (W3C Trace Context). */
    public Http(String base, Supplier<String> token, Supplier<String> traceparent) {
        this.base = base;
        this.token = token;
        this.traceparent = traceparent;
    }

    /** Makes {@code each} hear of every answer any {@code Http} receives from now on. */
    public static void observe(BiConsumer<String, HttpResponse<byte[]>> each) {
        observer = each;
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, null, headers);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    public Response put(String path, Object body, Map<String, String> headers) {
        return send("PUT", path, body, headers);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Sends a request; 2xx and 304 come back, anything else is thrown as the server's problem. */
    public Response send(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, */*;q=0.5");
        String bearer = token == null ? null : token.get();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (traceparent != null) {
            request.header("traceparent", traceparent.get());
        }
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = exchange(request.build());
        } catch (IOException e) {
            throw new IllegalStateException("The service is not reachable at " + base + ". Check your connection.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        observer.accept(method + " " + path, response);
        JsonNode json = parse(response);
        if (response.statusCode() >= 400) {
            throw new ApiProblem(response.statusCode(), json, response.headers().map());
        }
        return new Response(response.statusCode(), json, response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Retry-After").orElse(null), response.body());
    }

    /**
     * Sends, and again when the connection was closed before a single byte of an answer came. The gateway never
     * closes a connection on a request it has read without answering it; it closes idle kept-alive connections when
     * it reloads (deploy/local/roll.sh drains an instance so), and a request sent on one at that instant was never
     * read. The app's HTTP stacks (OkHttp, URLSession) send such a request again; so does this one, up to three
     * times, a moment later each time: the reload closed every idle connection of the pool at once, and the next one
     * taken may be another of them, not yet known to be closed.
     */
    private static HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, InterruptedException {
        for (int retry = 0; ; retry++) {
            try {
                return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (retry == 3 || !closedBeforeAnyAnswer(e)) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * The JDK client's words for a connection that ended before the status line began: closed (EOF) or reset (the
     * gateway closed it with the request unread).
     */
    static boolean closedBeforeAnyAnswer(IOException e) {
        return String.valueOf(e.getMessage()).contains("header parser received no bytes");
    }

    private static JsonNode parse(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.body().length == 0 || !type.contains("json")) {
            return JsonNodeFactory.instance.objectNode();
        }
        return Json.read(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
