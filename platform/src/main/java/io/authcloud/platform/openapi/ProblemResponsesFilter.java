package io.authcloud.platform.openapi;

import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemType;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Gives the OpenAPI document of every service what each operation of the API shares, instead of repeating
 * it on every resource: each error response's body is an RFC 9457 problem ({@code application/problem+json},
 * schema {@code Problem}), and every {@code /v1} operation lists 401 (no valid token), 403 (not allowed) and
 * 500 (an incident on our side). Resources name only their own problems, by slug, in one line:
 * {@code @Extension(name = PROBLEMS, value = "not-found; recovery-closed: completed or expired")}. Each
 * entry (separated by {@code ;}) starts with a slug of the {@link ProblemType} catalogue and may say when it
 * happens; the response takes the catalogue's status, so a slug cannot be documented with another status.
 * Entries of one status share that response. A slug not in the catalogue fails the build.
 */
public class ProblemResponsesFilter implements OASFilter {

    /** The operation extension a resource method lists its problems in (removed from the published document). */
    public static final String PROBLEMS = "x-problems";

    private static final String SCHEMA_REF = "#/components/schemas/Problem";
    private static final Map<String, String> SHARED = Map.of(
            "401", "No valid token of a served client (invalid-token), or a recent sign-in is required (step-up-required)",
            "403", "forbidden: this sign-in does not allow this operation",
            "500", "internal-error: something went wrong on our side; the answer carries an incident id");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        ensureProblemSchema(openAPI);
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (item.getOperations() == null) {
                return;
            }
            for (Operation operation : item.getOperations().values()) {
                if (operation.getResponses() == null) {
                    operation.setResponses(OASFactory.createAPIResponses());
                }
                if (operation.getExtensions() != null && operation.getExtensions().get(PROBLEMS) != null) {
                    addListedProblems(operation, operation.getExtensions().get(PROBLEMS).toString());
                    unpublish(operation);
                }
                if (operation.getSecurity() == null) {
                    // An operation open without a token (@PermitAll: it carries its own proof, such as a notice's
                    // single-use token) says so, rather than leaving a reader to wonder whether it was forgotten.
                    operation.setSecurity(new ArrayList<>());
                }
                if (path.startsWith("/v1/")) {
                    SHARED.forEach((code, description) -> {
                        if (operation.getResponses().getAPIResponse(code) == null) {
                            operation.getResponses().addAPIResponse(code, OASFactory.createAPIResponse().description(description));
                        }
                    });
                }
                operation.getResponses().getAPIResponses().forEach((code, response) -> {
                    if (isError(code) && (response.getContent() == null || response.getContent().getMediaTypes() == null
                            || response.getContent().getMediaTypes().isEmpty())) {
                        response.setContent(problemContent());
                    }
                });
            }
        });
    }

    private static void addListedProblems(Operation operation, String listed) {
        for (String entry : listed.split(";")) {
            String problem = entry.strip();
            ProblemType type = typeNamedBy(problem).orElseThrow(() -> new IllegalStateException(
                    "operation " + operation.getOperationId() + " lists " + PROBLEMS + " \"" + problem
                            + "\", which does not start with a slug of the problem catalogue"));
            String code = String.valueOf(type.status());
            APIResponse response = operation.getResponses().getAPIResponse(code);
            if (response == null) {
                operation.getResponses().addAPIResponse(code, OASFactory.createAPIResponse().description(problem));
            } else if (response.getDescription() == null || typeNamedBy(response.getDescription()).isEmpty()) {
                // What the framework wrote (such as "Not Authorized" for a role check) gives way to the problem.
                response.setDescription(problem);
            } else {
                response.setDescription(response.getDescription() + "; " + problem);
            }
        }
    }

    /** The scanner copies a method's extensions to its request body and responses too: none is published. */
    private static void unpublish(Operation operation) {
        operation.removeExtension(PROBLEMS);
        if (operation.getRequestBody() != null) {
            operation.getRequestBody().removeExtension(PROBLEMS);
        }
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(parameter -> parameter.removeExtension(PROBLEMS));
        }
        operation.getResponses().removeExtension(PROBLEMS);
        operation.getResponses().getAPIResponses().values().forEach(response -> response.removeExtension(PROBLEMS));
    }

    /** The catalogue's type whose slug starts this text, if one does. */
    private static Optional<ProblemType> typeNamedBy(String text) {
        return ProblemType.bySlug(text.strip().split("[^a-z-]", 2)[0]);
    }

    private static boolean isError(String code) {
        return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA_REF)));
    }

    /** The Problem schema, when no resource named the class (the filter alone refers to it now). */
    private static void ensureProblemSchema(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        if (openAPI.getComponents().getSchemas() != null && openAPI.getComponents().getSchemas().containsKey("Problem")) {
            return;
        }
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        openAPI.getComponents().addSchema("Problem", OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem: type (https://authcloud.example/problems/<slug>), title, status,"
                        + " detail in plain words, and members of its own (errors, retryAfterSeconds, ...)")
                .addProperty("type", string)
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", string)
                .addProperty("instance", string));
    }
}
