package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A tenant's IT admin (e.g. carol of contoso) issuing QR activation codes for the tenant's users. */
public final class TenantAdmin {

    private final Http api;

    public TenantAdmin(Endpoints endpoints, String username, String password) {
        Tokens tokens = new SignIn(endpoints.realm()).signIn(username, password, false);
        this.api = new Http(endpoints.gateway(), tokens::accessToken);
    }

    /** Issues an activation for a user's work account; answers it with the QR image's PNG bytes. */
    public Issued issue(String username, String accountRef) {
        JsonNode activation = api.post("/v1/qr-activations", Map.of("username", username, "accountRef", accountRef)).body();
        byte[] png = api.get(activation.get("qrImage").asText()).raw();
        return new Issued(activation, png);
    }

    /** An issued activation and its QR image. */
    public record Issued(JsonNode activation, byte[] png) {
    }

    /** Exposed to show what an admin can (not) see of a user's backups. */
    public Http api() {
        return api;
    }
}
