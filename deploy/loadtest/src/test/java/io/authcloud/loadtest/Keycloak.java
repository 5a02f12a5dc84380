package io.authcloud.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The realm, as the load test uses it: its admin API creates the test people (once: they stay for later
 * runs), and its token endpoint signs them in and refreshes their tokens.
 *
 * <p>A test person is made like the realm file's alice: enabled, a verified email, first and last name
 * (the user profile requires them of a {@code user}), a phone number, the realm role {@code user}, and a
 * known password. Two ways to sign in: the password grant (cheap to write, refused by step-up because its
 * tokens carry no {@code auth_time}) and the app's own authorization code flow with PKCE, whose tokens carry
 * {@code auth_time} and {@code acr} 1 as a fresh sign-in does (what starting a verification and releasing a
 * backup key need). Both cost Keycloak a password hash, which is why they happen before the run; during it
 * tokens are only refreshed.
 */
final class Keycloak {

    static final String APP_CLIENT = "authenticator-app";
    private static final String REDIRECT_URI = "authcloud://oauth/callback";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final String tokenUrl = Settings.ISSUER + "/protocol/openid-connect/token";
    private final String adminUrl = Settings.keycloakBase() + "/admin/realms/" + Settings.realmName();
    private String adminToken;
    private Instant adminTokenExpires = Instant.EPOCH;

    // ---- people ------------------------------------------------------------------------------------

    /** The usernames among {@code wanted} that exist already. */
    Set<String> existing(String prefix, List<String> wanted) {
        Set<String> found = new HashSet<>();
        for (int first = 0; ; first += 500) {
            JsonNode page = admin().get("/users?briefRepresentation=true&max=500&first=" + first + "&username="
                    + encode(prefix + "-")).expect("Listing the realm's users");
            page.forEach(user -> found.add(user.path("username").asText()));
            if (page.size() < 500) {
                break;
            }
        }
        found.retainAll(new HashSet<>(wanted));
        return found;
    }

    /** Creates one test person with the realm role {@code user}; an existing one (409) is left as it is. */
    void create(String username, String password, int index) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        user.put("email", username + "@example.test");
        user.put("emailVerified", true);
        user.put("firstName", "Load");
        user.put("lastName", "Person " + index);
        user.put("attributes", Map.of("phone_number", List.of(String.format("+1559%07d", index % 10_000_000))));
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        Api.Response created = admin().post("/users", user);
        created.expect("Creating " + username, 201, 409);
        if (created.status() == 201) {
            grantUserRole(username);
        }
    }

    /** Gives an existing person the realm role {@code user} (which the API asks of every caller). */
    void grantUserRole(String username) {
        JsonNode found = admin().get("/users?exact=true&briefRepresentation=true&username=" + encode(username))
                .expect("Finding " + username);
        if (found.isEmpty()) {
            throw new IllegalStateException("No user " + username + " in the realm");
        }
        JsonNode role = admin().get("/roles/user").expect("Reading the realm role user");
        admin().post("/users/" + found.get(0).get("id").asText() + "/role-mappings/realm",
                List.of(Map.of("id", role.get("id").asText(), "name", "user"))).expect("Granting " + username + " the role user", 204);
    }

    private Api admin() {
        return new Api(adminUrl, this::adminToken);
    }

    private synchronized String adminToken() {
        if (Instant.now().isAfter(adminTokenExpires)) {
            JsonNode body = token(Settings.keycloakBase() + "/realms/" + Settings.ADMIN_REALM + "/protocol/openid-connect/token",
                    Map.of("grant_type", "password", "client_id", "admin-cli", "username", Settings.ADMIN_USER,
                            "password", Settings.ADMIN_PASSWORD), "The Keycloak admin sign-in (-Dadmin.user, -Dadmin.password)");
            adminToken = body.get("access_token").asText();
            adminTokenExpires = Instant.now().plusSeconds(body.path("expires_in").asLong(60) - 15);
        }
        return adminToken;
    }

    // ---- sign-ins ----------------------------------------------------------------------------------

    /** The resource owner password grant (enabled for the app client on the local realm). */
    Tokens passwordGrant(String username, String password) {
        Instant now = Instant.now();
        return tokens(token(tokenUrl, Map.of("grant_type", "password", "client_id", APP_CLIENT, "scope", "openid",
                "username", username, "password", password), "Signing in " + username), now);
    }

    /**
     * Signs in as the app does (RFC 8252): the authorization request with PKCE, the login form filled in,
     * the redirect to the app caught, and the code exchanged. The tokens carry {@code auth_time}.
     */
    Tokens interactive(String username, String password) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new LoopbackCookies())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String verifier = random(32);
        String state = random(16);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", APP_CLIENT);
        query.put("response_type", "code");
        query.put("redirect_uri", REDIRECT_URI);
        query.put("scope", "openid");
        query.put("state", state);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        query.put("prompt", "login");
        HttpResponse<String> page = send(browser, HttpRequest.newBuilder(URI.create(Settings.ISSUER
                + "/protocol/openid-connect/auth?" + form(query))).GET().build());
        Matcher action = FORM_ACTION.matcher(page.body());
        if (page.statusCode() != 200 || !action.find()) {
            throw new IllegalStateException("Keycloak's sign-in page did not open for " + username + " (" + page.statusCode() + ")");
        }
        Instant now = Instant.now();
        HttpResponse<String> submitted = send(browser, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password,
                        "credentialId", "")))).build());
        String location = submitted.headers().firstValue("Location").orElse("");
        if (submitted.statusCode() != 302 || !location.startsWith(REDIRECT_URI)) {
            throw new IllegalStateException("Keycloak refused the sign-in of " + username + " (" + submitted.statusCode() + ")");
        }
        Map<String, String> callback = parse(URI.create(location).getRawQuery());
        if (!state.equals(callback.get("state"))) {
            throw new IllegalStateException("The sign-in of " + username + " answered for another request");
        }
        return tokens(token(tokenUrl, Map.of("grant_type", "authorization_code", "client_id", APP_CLIENT,
                "code", callback.get("code"), "redirect_uri", REDIRECT_URI, "code_verifier", verifier),
                "Exchanging the code of " + username), now);
    }

    /** New tokens from the refresh token: no password hash, and the sign-in time stays the same. */
    Tokens refresh(Tokens tokens, String username) {
        return tokens(token(tokenUrl, Map.of("grant_type", "refresh_token", "client_id", APP_CLIENT,
                "refresh_token", tokens.refreshToken()), "Refreshing the tokens of " + username), tokens.signedInAt());
    }

    /** Ends the Keycloak session of these tokens (the people's sessions would otherwise pile up run after run). */
    void signOut(Tokens tokens) {
        if (tokens != null && tokens.refreshToken() != null) {
            postForm(Settings.ISSUER + "/protocol/openid-connect/logout", Map.of("client_id", APP_CLIENT,
                    "refresh_token", tokens.refreshToken()));
        }
    }

    /** A confidential client's access token (client credentials grant), e.g. a relying party's. */
    Tokens clientCredentials(String clientId, String secret) {
        Instant now = Instant.now();
        return tokens(token(tokenUrl, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret), "The client credentials of " + clientId), now);
    }

    /** The realm roles an access token carries (its payload read without checking: it is our own). */
    static Set<String> realmRoles(String accessToken) {
        String[] parts = accessToken.split("\\.");
        JsonNode claims = Json.read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        Set<String> roles = new HashSet<>();
        claims.path("realm_access").path("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }

    private static Tokens tokens(JsonNode body, Instant signedInAt) {
        return new Tokens(body.get("access_token").asText(), body.path("refresh_token").asText(null),
                Instant.now().plusSeconds(body.path("expires_in").asLong(300)), signedInAt);
    }

    /** Posts a token request; Keycloak's error (never the request's secrets) explains a refusal. */
    private static JsonNode token(String url, Map<String, String> parameters, String what) {
        Api.Response response = postForm(url, parameters);
        if (response.status() != 200) {
            throw new IllegalStateException(what + " failed (" + response.status() + "): "
                    + response.body().path("error_description").asText(response.body().path("error").asText()));
        }
        return response.body();
    }

    private static Api.Response postForm(String url, Map<String, String> parameters) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = send(Api.CLIENT, HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(parameters))).build());
            if (response.statusCode() < 500 || attempt == 10) {
                return new Api.Response(response.statusCode(), Json.read(response.body()), null);
            }
            Api.sleep(Duration.ofSeconds(1));
        }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt == 10) {
                    throw new IllegalStateException("Keycloak is not reachable at " + request.uri().getHost(), e);
                }
                Api.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keeps the login page's cookies as a browser on localhost does: Keycloak marks them Secure, which
     * Java's CookieManager would not send back over plain http.
     */
    private static final class LoopbackCookies extends CookieHandler {
        private final Map<String, String> cookies = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            return cookies.isEmpty() ? Map.of() : Map.of("Cookie", List.of(cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "))));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {
            headers.forEach((name, values) -> {
                if ("Set-Cookie".equalsIgnoreCase(name)) {
                    for (String value : values) {
                        String pair = value.split(";", 2)[0];
                        int eq = pair.indexOf('=');
                        if (eq > 0) {
                            cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                        }
                    }
                }
            });
        }
    }
}
