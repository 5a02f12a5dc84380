package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A relying party's sign-in page (the sign-in-portal client, client credentials): asks for push approval
 * with number matching, follows it, and checks codes typed from the authenticator app.
 */
public final class Portal {

    private final Http api;

    public Portal(Endpoints endpoints, String clientId, String clientSecret) {
        ClientCredentials credentials = new ClientCredentials(endpoints.realm(), clientId, clientSecret);
        this.api = new Http(endpoints.gateway(), credentials::token);
    }

    /** Asks the person to approve on their phone; the answer holds the number to show. */
    public JsonNode requestPush(String username, String accountRef, String application) {
        return requestPush(username, accountRef, null, application);
    }

    /**
     * Asks for approval of a work or school account of {@code tenant} (null: a personal account): only
     * phones whose credential that tenant's activation code proved are asked.
     */
    public JsonNode requestPush(String username, String accountRef, String tenant, String application) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("username", username);
        body.put("accountRef", accountRef);
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        body.put("application", application);
        return api.post("/v1/sign-in-requests", body).body();
    }

    public JsonNode status(String requestId) {
        return api.get("/v1/sign-in-requests/" + requestId).body();
    }

    public JsonNode verifyCode(String username, String code) {
        return api.post("/v1/sign-ins/verify-code", Map.of("username", username, "code", code)).body();
    }
}
