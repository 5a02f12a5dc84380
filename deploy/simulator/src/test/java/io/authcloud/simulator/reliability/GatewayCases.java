package io.authcloud.simulator.reliability;

import io.authcloud.simulator.reliability.ApiOperations.Operation;
import io.authcloud.simulator.reliability.HostileCases.Case;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Requests refused before any operation is chosen: methods a path does not have, paths no route serves or that
 * try to climb out of one (to the services' internal API), and request lines and headers that are not HTTP.
 */
final class GatewayCases {

    private GatewayCases() {
    }

    static List<Case> all(List<Operation> operations) {
        List<Case> cases = new ArrayList<>();
        Map<String, Set<String>> methods = new LinkedHashMap<>();
        operations.forEach(operation -> methods.computeIfAbsent(operation.path(), path -> new LinkedHashSet<>()).add(operation.method()));
        methods.forEach((template, known) -> {
            String path = template.replaceAll("\\{provider}", "icloud").replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            for (String method : List.of("GET", "PUT", "POST", "DELETE", "PATCH", "TRACE")) {
                if (!known.contains(method)) {
                    cases.add(raw(method + " " + template + " | a method the path does not have", method,
                            method + " " + path + " HTTP/1.1\r\n"));
                }
            }
        });
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("no route", "/nothing/here");
        paths.put("the services' internal API", "/internal/v1/backups");
        paths.put("climbing to the internal API", "/v1/backups/..%2F..%2Finternal%2Fv1%2Fbackups");
        paths.put("climbing with dot segments", "/v1/backups/../../internal/v1/backups");
        paths.put("the management API", "/q/metrics");
        paths.put("a service's management API through a route", "/v1/backups/../../q/health");
        paths.put("double slashes", "//v1//backups");
        paths.put("NUL", "/v1/%00");
        paths.put("broken escape", "/v1/backups/%");
        // Queries a service's HTTP layer cannot parse as a URI (it answers them an empty 400): refused at the gateway.
        paths.put("a broken escape in the query", "/v1/devices?x=%zz");
        paths.put("a query ending in half an escape", "/v1/me/activity?cursor=%4");
        paths.put("a character a URI may not hold in the query", "/v1/devices?x={a}|\\^`");
        paths.put("a path too long", "/v1/backups/" + "a".repeat(20_000));
        paths.put("an absolute URI of another host", "http://evil.example/v1/backups");
        paths.forEach((kind, path) -> cases.add(raw("GET | gateway: " + kind, "GET", "GET " + path + " HTTP/1.1\r\n")));

        Map<String, String> heads = new LinkedHashMap<>();
        heads.put("not a request line", "GARBAGE\r\n");
        heads.put("an unknown protocol version", "GET /v1/backups HTTP/9.9\r\n");
        heads.put("a header without a colon", "GET /v1/backups HTTP/1.1\r\nNoColonHere\r\n");
        heads.put("a space in a header name", "GET /v1/backups HTTP/1.1\r\nBad Name: x\r\n");
        heads.put("a NUL in a header", "GET /v1/backups HTTP/1.1\r\nX-Test: a\u0000b\r\n");
        heads.put("headers too large", "GET /v1/backups HTTP/1.1\r\nX-Big: " + "a".repeat(40_000) + "\r\n");
        heads.put("a negative length", "POST /v1/verifications HTTP/1.1\r\nContent-Length: -1\r\n");
        heads.put("two lengths", "POST /v1/verifications HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n");
        heads.put("length and chunked (smuggling)", "POST /v1/verifications HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n");
        heads.put("an unknown transfer coding", "POST /v1/verifications HTTP/1.1\r\nTransfer-Encoding: gzip, zstd\r\n");
        heads.put("a request id with a line break", "GET /v1/backups HTTP/1.1\r\nX-Request-Id: a\rb\r\n");
        heads.forEach((kind, head) -> cases.add(raw("gateway: " + kind, head.split(" ")[0], head)));
        return cases;
    }

    private static Case raw(String name, String method, String head) {
        return new Case(name, method, head, null);
    }
}
