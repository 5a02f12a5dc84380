package io.authcloud.simulator.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Every operation the app may call, read from the OpenAPI document the gateway serves. */
final class ApiOperations {

    /** One parameter of an operation: where it goes, its name and its schema. */
    record Parameter(String in, String name, JsonNode schema) {
    }

    /**
     * One operation: method, path template, parameters, the schema of its JSON body (null when it takes none)
     * and the roles its token must carry (none: it takes no token).
     */
    record Operation(String method, String path, List<Parameter> parameters, JsonNode body, List<String> roles) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiOperations() {
    }

    static JsonNode document(String url) {
        try {
            HttpResponse<String> answer = LocalServers.HTTP.send(LocalServers.get(url), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + answer.statusCode());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Operation> of(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!List.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                    continue;
                }
                JsonNode operation = method.getValue();
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode parameter : path.getValue().path("parameters")) {
                    parameters.add(parameter(document, parameter));
                }
                for (JsonNode parameter : operation.path("parameters")) {
                    parameters.add(parameter(document, parameter));
                }
                JsonNode body = operation.path("requestBody").path("content").path("application/json").path("schema");
                List<String> roles = new ArrayList<>();
                operation.path("security").forEach(requirement -> requirement.elements()
                        .forEachRemaining(scopes -> scopes.forEach(role -> roles.add(role.asText()))));
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), parameters,
                        body.isMissingNode() ? null : resolve(document, body), roles));
            }
        }
        return operations;
    }

    private static Parameter parameter(JsonNode document, JsonNode parameter) {
        JsonNode resolved = resolve(document, parameter);
        return new Parameter(resolved.path("in").asText(), resolved.path("name").asText(), resolve(document, resolved.path("schema")));
    }

    /** The schema a {@code $ref} points to, with the properties' own references resolved too. */
    static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode resolved = schema;
        for (int depth = 0; resolved.has("$ref") && depth < 10; depth++) {
            String[] pointer = resolved.get("$ref").asText().substring(2).split("/");
            JsonNode target = document;
            for (String segment : pointer) {
                target = target.path(segment);
            }
            resolved = target;
        }
        return resolved;
    }
}
