package io.authcloud.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * New people in the local realm, made through Keycloak's admin API for one test: limits and locks that
 * are counted per person (a day of failed second factors, a "this wasn't me" that signs a person out
 * everywhere) then hold for that test alone and never for the demo users. Each person is a {@code user}
 * with an email at {@code example.test} (GreenMail takes any address) and the password
 * {@code <username>-password}, like the demo users, so {@link KeycloakTokens} serves them too.
 */
public final class KeycloakPeople {

    /** A person made for a test. */
    public record Person(String username, String email, String phoneNumber, String tenant, String sub) {
        public String password() {
            return username + "-password";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakPeople() {
    }

    /** A new person with an email address only. */
    public static Person create(String prefix) {
        return create(prefix, null, null);
    }

    /**
     * A new person; {@code phoneNumber} and {@code tenant} (the user attribute a tenant admin's codes are
     * checked against) may be null.
     */
    public static Person create(String prefix, String phoneNumber, String tenant) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@example.test";
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (phoneNumber != null) {
            attributes.put("phone_number", List.of(phoneNumber));
        }
        if (tenant != null) {
            attributes.put("tenant", List.of(tenant));
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("email", email);
        user.put("emailVerified", true);
        user.put("firstName", "Test");
        user.put("lastName", prefix);
        user.put("enabled", true);
        user.put("attributes", attributes);
        user.put("credentials", List.of(Map.of("type", "password", "value", username + "-password", "temporary", false)));
        String admin = adminToken();
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(usersUrl()))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(user))).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak did not create " + username + " (status " + created.statusCode() + ")");
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String sub = location.substring(location.lastIndexOf('/') + 1);
        JsonNode role = read(send(HttpRequest.newBuilder(URI.create(realmAdminUrl() + "/roles/user"))
                .header("Authorization", "Bearer " + admin).GET().build()).body());
        HttpResponse<String> granted = send(HttpRequest.newBuilder(URI.create(usersUrl() + "/" + sub + "/role-mappings/realm"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + role + "]")).build());
        if (granted.statusCode() != 204) {
            throw new IllegalStateException("Keycloak did not give " + username + " the role user (status "
                    + granted.statusCode() + ")");
        }
        return new Person(username, email, phoneNumber, tenant, sub);
    }

    /** How many sessions the person has in Keycloak now (a "this wasn't me" ends them all). */
    public static int sessions(Person person) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(usersUrl() + "/" + person.sub() + "/sessions"))
                .header("Authorization", "Bearer " + adminToken()).GET().build());
        return read(answer.body()).size();
    }

    private static String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        HttpResponse<String> answer = send(HttpRequest.newBuilder(
                        URI.create(LocalStack.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Keycloak's admin did not get a token (status " + answer.statusCode() + ")");
        }
        return read(answer.body()).get("access_token").asText();
    }

    private static String realmAdminUrl() {
        return LocalStack.keycloakUrl() + "/admin/realms/" + URLEncoder.encode("authcloud", StandardCharsets.UTF_8);
    }

    private static String usersUrl() {
        return realmAdminUrl() + "/users";
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak answered something that is not JSON", e);
        }
    }
}
