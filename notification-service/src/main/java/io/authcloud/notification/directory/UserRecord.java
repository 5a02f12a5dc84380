package io.authcloud.notification.directory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of a Keycloak user this service needs: where to send security notices. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserRecord(String id, String username, String email, boolean emailVerified) {
}
