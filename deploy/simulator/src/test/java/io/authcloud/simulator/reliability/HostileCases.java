package io.authcloud.simulator.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.authcloud.simulator.reliability.ApiOperations.Operation;
import io.authcloud.simulator.reliability.ApiOperations.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Malformed requests for every operation of the API document: each case is the operation's plausible request
 * (real path values of the person, a body made from the schema, the right token) with exactly one defect, so
 * that whatever refuses it is the part under test. Families: path segments (NUL, traversal, broken escapes,
 * SQL, control and bidi characters, huge), query values, tokens, content types, bodies (not JSON, wrong
 * shapes, every property of the wrong type, missing or null when required, NUL and lone surrogates, huge
 * strings, bad base64, invalid JWKs, invalid UTF-8, deep nesting, huge bodies) and entity tags.
 */
final class HostileCases {

    /** One request to send: a name that says which defect it carries, the request head and the body. */
    record Case(String name, String method, String head, byte[] body) {
    }

    /** How to reach an operation plausibly: the token for its security scope and values for its path parameters. */
    interface Plausible {
        String token(Operation operation);

        String pathValue(Operation operation, String parameter);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Path segments as sent on the wire (already percent-encoded where they must be). */
    static final Map<String, String> SEGMENTS = segments();
    /** Values for a string property; each one is malformed for any property of this API. */
    private static final Map<String, JsonNode> BAD_STRINGS = badStrings();

    private final Plausible plausible;

    HostileCases(Plausible plausible) {
        this.plausible = plausible;
    }

    List<Case> of(Operation operation) {
        List<Case> cases = new ArrayList<>();
        pathCases(operation, cases);
        queryCases(operation, cases);
        tokenCases(operation, cases);
        if (operation.body() != null) {
            bodyCases(operation, cases);
        }
        if (operation.parameters().stream().anyMatch(parameter -> parameter.name().equalsIgnoreCase("If-Match"))
                || operation.method().equals("PUT")) {
            etagCases(operation, cases);
        }
        return cases;
    }

    private void pathCases(Operation operation, List<Case> cases) {
        for (Parameter parameter : operation.parameters()) {
            if (!parameter.in().equals("path")) {
                continue;
            }
            SEGMENTS.forEach((kind, segment) -> cases.add(request(operation, "path " + parameter.name() + ": " + kind,
                    path(operation, Map.of(parameter.name(), segment)), defaultHeaders(operation), plausibleBody(operation))));
        }
    }

    private void queryCases(Operation operation, List<Case> cases) {
        for (Parameter parameter : operation.parameters()) {
            if (!parameter.in().equals("query")) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put("negative", "-1");
            values.put("not a number", "abc");
            values.put("huge number", "99999999999999999999999");
            values.put("NUL", "%00");
            values.put("SQL", "%27%20OR%201%3D1--");
            values.put("huge", "a".repeat(4000));
            values.put("broken escape", "%zz");
            values.forEach((kind, value) -> cases.add(request(operation, "query " + parameter.name() + ": " + kind,
                    path(operation, Map.of()) + "?" + parameter.name() + "=" + value, defaultHeaders(operation), plausibleBody(operation))));
        }
    }

    private void tokenCases(Operation operation, List<Case> cases) {
        String token = plausible.token(operation);
        if (token == null) {
            return;
        }
        Map<String, String> authorizations = new LinkedHashMap<>();
        authorizations.put("no token", null);
        authorizations.put("empty bearer", "Bearer ");
        authorizations.put("not a JWT", "Bearer not-a-token");
        authorizations.put("basic", "Basic YWxpY2U6YWxpY2UtcGFzc3dvcmQ=");
        authorizations.put("tampered signature", "Bearer " + token.substring(0, token.length() - 4) + "AAAA");
        authorizations.put("alg none", "Bearer " + unsigned(token));
        authorizations.put("huge token", "Bearer " + "A".repeat(6000));
        authorizations.put("two bearers", "Bearer " + token + ", Bearer " + token);
        authorizations.forEach((kind, authorization) -> {
            Map<String, String> headers = defaultHeaders(operation);
            if (authorization == null) {
                headers.remove("Authorization");
            } else {
                headers.put("Authorization", authorization);
            }
            cases.add(request(operation, "token: " + kind, path(operation, Map.of()), headers, plausibleBody(operation)));
        });
    }

    private void bodyCases(Operation operation, List<Case> cases) {
        String path = path(operation, Map.of());
        Map<String, byte[]> raw = new LinkedHashMap<>();
        raw.put("empty", new byte[0]);
        raw.put("truncated JSON", "{\"a\":".getBytes(StandardCharsets.UTF_8));
        raw.put("array", "[]".getBytes(StandardCharsets.UTF_8));
        raw.put("null", "null".getBytes(StandardCharsets.UTF_8));
        raw.put("string", "\"x\"".getBytes(StandardCharsets.UTF_8));
        raw.put("number", "1".getBytes(StandardCharsets.UTF_8));
        raw.put("deep nesting", ("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8));
        raw.put("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
        raw.put("huge (5 MB)", ("{\"a\":\"" + "A".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        raw.put("trailing garbage", (plausibleText(operation) + "}{").getBytes(StandardCharsets.UTF_8));
        raw.forEach((kind, body) -> cases.add(request(operation, "body: " + kind, path, defaultHeaders(operation), body)));

        Map<String, String> types = new LinkedHashMap<>();
        types.put("text/plain", "text/plain");
        types.put("XML", "application/xml");
        types.put("form", "application/x-www-form-urlencoded");
        types.put("no content type", null);
        types.forEach((kind, type) -> {
            Map<String, String> headers = defaultHeaders(operation);
            if (type == null) {
                headers.remove("Content-Type");
            } else {
                headers.put("Content-Type", type);
            }
            cases.add(request(operation, "content type: " + kind, path, headers, plausibleBody(operation)));
        });

        JsonNode schema = operation.body();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        if (!required.isEmpty()) {
            cases.add(request(operation, "body: empty object", path, defaultHeaders(operation), "{}".getBytes(StandardCharsets.UTF_8)));
        }
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = property.getKey();
            JsonNode type = property.getValue();
            if (required.contains(name)) {
                cases.add(withProperty(operation, name, "missing", object -> object.remove(name)));
                cases.add(withProperty(operation, name, "null", object -> object.putNull(name)));
            }
            for (Map.Entry<String, JsonNode> wrong : wrongTypes(type).entrySet()) {
                cases.add(withProperty(operation, name, wrong.getKey(), object -> object.set(name, wrong.getValue())));
            }
            if (isString(type) && !type.has("enum")) {
                BAD_STRINGS.forEach((kind, value) -> cases.add(withProperty(operation, name, kind, object -> object.set(name, value))));
            }
            if (isObject(type)) {
                badJwks().forEach((kind, jwk) -> cases.add(withProperty(operation, name, kind, object -> object.set(name, jwk))));
            }
        }
    }

    private void etagCases(Operation operation, List<Case> cases) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("unquoted", "1");
        tags.put("unterminated", "\"1");
        tags.put("weak", "W/\"1\"");
        tags.put("star in a list", "*, \"1\"");
        tags.put("no version named", "\"stale-0\"");
        tags.put("a thousand tags", String.join(", ", java.util.Collections.nCopies(1000, "\"999999\"")));
        tags.put("control character", "\"1\u0001\"");
        for (String header : List.of("If-Match", "If-None-Match")) {
            tags.forEach((kind, value) -> {
                Map<String, String> headers = defaultHeaders(operation);
                headers.put(header, value);
                cases.add(request(operation, header + ": " + kind, path(operation, Map.of()), headers, plausibleBody(operation)));
            });
        }
    }

    private Case withProperty(Operation operation, String name, String kind, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode body = plausibleObject(operation.body(), 0);
        change.accept(body);
        return request(operation, "body " + name + ": " + kind, path(operation, Map.of()), defaultHeaders(operation), bytes(body));
    }

    private Map<String, String> defaultHeaders(Operation operation) {
        Map<String, String> headers = new LinkedHashMap<>();
        String token = plausible.token(operation);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        headers.put("Accept", "application/json");
        if (operation.body() != null) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    private String path(Operation operation, Map<String, String> overrides) {
        String path = operation.path();
        for (Parameter parameter : operation.parameters()) {
            if (parameter.in().equals("path")) {
                String value = overrides.getOrDefault(parameter.name(), plausible.pathValue(operation, parameter.name()));
                path = path.replace("{" + parameter.name() + "}", value);
            }
        }
        return path;
    }

    private static Case request(Operation operation, String defect, String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(operation.method()).append(' ').append(path).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return new Case(operation + " | " + defect, operation.method(), head.toString(), body);
    }

    private byte[] plausibleBody(Operation operation) {
        return operation.body() == null ? null : plausibleText(operation).getBytes(StandardCharsets.UTF_8);
    }

    private String plausibleText(Operation operation) {
        return new String(bytes(plausibleObject(operation.body(), 0)), StandardCharsets.UTF_8);
    }

    /** An object with every property of the schema, each a plausible value of its type. */
    private static ObjectNode plausibleObject(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            object.set(property.getKey(), plausibleValue(property.getValue(), depth + 1));
        }
        return object;
    }

    private static JsonNode plausibleValue(JsonNode schema, int depth) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = type(schema);
        return switch (type) {
            case "integer", "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> NODES.arrayNode();
            case "object" -> depth > 3 ? NODES.objectNode() : plausibleObject(schema, depth);
            default -> switch (schema.path("format").asText()) {
                case "uuid" -> NODES.textNode("00000000-0000-4000-8000-000000000000");
                case "date-time" -> NODES.textNode("2026-01-01T00:00:00Z");
                default -> NODES.textNode("x");
            };
        };
    }

    private static Map<String, JsonNode> wrongTypes(JsonNode schema) {
        Map<String, JsonNode> wrong = new LinkedHashMap<>();
        String type = type(schema);
        if (!type.equals("string")) {
            wrong.put("a string instead", NODES.textNode("not-a-" + type));
        }
        if (!type.equals("integer") && !type.equals("number")) {
            wrong.put("a number instead", NODES.numberNode(12345));
        }
        if (!type.equals("boolean")) {
            wrong.put("a boolean instead", NODES.booleanNode(true));
        }
        if (!type.equals("array")) {
            wrong.put("an array instead", NODES.arrayNode().add("x"));
        }
        if (!type.equals("object")) {
            wrong.put("an object instead", NODES.objectNode().put("x", 1));
        }
        if (type.equals("integer")) {
            wrong.put("a fraction", NODES.numberNode(1.5));
            wrong.put("beyond 64 bits", NODES.numberNode(new java.math.BigInteger("99999999999999999999999")));
            wrong.put("negative", NODES.numberNode(-1));
        }
        return wrong;
    }

    private static boolean isString(JsonNode schema) {
        return type(schema).equals("string");
    }

    private static boolean isObject(JsonNode schema) {
        return type(schema).equals("object");
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode each : type) {
                if (!each.asText().equals("null")) {
                    return each.asText();
                }
            }
        }
        return type.isMissingNode() ? (schema.has("properties") ? "object" : "string") : type.asText();
    }

    private static Map<String, String> segments() {
        Map<String, String> segments = new LinkedHashMap<>();
        segments.put("NUL", "%00");
        segments.put("NUL inside", "a%00b");
        segments.put("traversal", "..%2F..%2Fetc%2Fpasswd");
        segments.put("encoded dot-dot", "%2e%2e");
        segments.put("SQL", "%27%20OR%20%271%27%3D%271");
        segments.put("SQL statement", "x%27%3BDROP%20TABLE%20backups%3B--");
        segments.put("CRLF header injection", "x%0d%0aSet-Cookie:%20a=b");
        segments.put("bidi override", "%E2%80%AEx");
        segments.put("emoji", "%F0%9F%92%A3");
        segments.put("invalid UTF-8", "%ff%fe");
        segments.put("broken escape", "%zz");
        segments.put("huge", "a".repeat(3000));
        segments.put("braces", "%7B%7D");
        segments.put("negative", "-1");
        segments.put("beyond 64 bits", "99999999999999999999999");
        segments.put("percent", "%25");
        segments.put("script", "%3Cscript%3E");
        segments.put("fullwidth dots", "%EF%BC%8E%EF%BC%8E");
        segments.put("overlong UTF-8 dots", "%C0%AE%C0%AE");
        segments.put("backslash traversal", "..%5C..%5Cwindows");
        segments.put("double-encoded traversal", "%252e%252e%252f");
        segments.put("matrix parameter", "x;jsessionid=1");
        segments.put("space", "%20");
        segments.put("tab", "%09");
        return segments;
    }

    private static Map<String, JsonNode> badStrings() {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("NUL character", NODES.textNode("a\u0000b"));
        values.put("lone surrogate", NODES.textNode("a\ud800b"));
        values.put("control characters", NODES.textNode("a\u0001\u001bb\r\n"));
        values.put("huge string (200 KB)", NODES.textNode("A".repeat(200_000)));
        values.put("bad base64", NODES.textNode("!!!not base64!!!"));
        values.put("empty", NODES.textNode(""));
        return values;
    }

    private static Map<String, JsonNode> badJwks() {
        Map<String, JsonNode> jwks = new LinkedHashMap<>();
        jwks.put("JWK without kty", NODES.objectNode().put("crv", "P-256").put("x", "AAAA").put("y", "AAAA"));
        jwks.put("JWK off the curve", NODES.objectNode().put("kty", "EC").put("crv", "P-256")
                .put("x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").put("y", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        jwks.put("JWK with a private part", NODES.objectNode().put("kty", "EC").put("crv", "P-256")
                .put("x", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU").put("y", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0")
                .put("d", "jpsQnnGQmL-YBIffH1136cLSYVdnU4XkGc5E5M2JvvM"));
        jwks.put("JWK of another curve", NODES.objectNode().put("kty", "EC").put("crv", "P-521").put("x", "AAAA").put("y", "AAAA"));
        jwks.put("RSA JWK with a tiny modulus", NODES.objectNode().put("kty", "RSA").put("n", "AQAB").put("e", "AQAB"));
        ArrayNode keys = NODES.arrayNode().add(NODES.objectNode().put("kty", "EC"));
        jwks.put("a JWK set instead", NODES.objectNode().set("keys", keys));
        return jwks;
    }

    private static String unsigned(String token) {
        String[] parts = token.split("\\.");
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + parts[1] + ".";
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
