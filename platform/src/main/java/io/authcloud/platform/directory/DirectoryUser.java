package io.authcloud.platform.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** A user as Keycloak's admin API describes it: only what the services need. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DirectoryUser(String id, String username, String email, boolean emailVerified, boolean enabled,
        Map<String, List<String>> attributes) {

    /** The tenants the user belongs to (the {@code tenant} attribute). */
    public List<String> tenants() {
        return attributes == null ? List.of() : attributes.getOrDefault("tenant", List.of());
    }
}
