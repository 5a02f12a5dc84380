package io.authcloud.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Real access tokens from the local Keycloak (realm {@code authcloud}), obtained the way each caller
 * obtains them: the app by the authorization-code flow with PKCE or (local only) the password grant,
 * services by client credentials. Demo users' passwords are {@code <name>-password}.
 */
public final class KeycloakTokens {

    public static final String APP_CLIENT = "authenticator-app";
    public static final String REDIRECT_URI = "authcloud://oauth/callback";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, CachedToken> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private KeycloakTokens() {
    }

    /**
     * A token from the password grant: valid, but without {@code auth_time} (not a step-up sign-in).
     * Tokens are reused until 30 seconds before they expire, so suites do not sign in for every request.
     */
    public static String password(String user) {
        return CACHE.compute(user, (name, cached) -> cached != null && cached.validFor(Duration.ofSeconds(30))
                ? cached
                : CachedToken.of(passwordGrant(LocalStack.realmUrl(), APP_CLIENT, name, name + "-password"))).token();
    }

    /** The {@code sub} of a demo user, as the services see it. */
    public static String subject(String user) {
        return claims(password(user)).get("sub").asText();
    }

    /**
     * A token from a fresh interactive sign-in (authorization code + PKCE, {@code prompt=login}): it carries
     * {@code auth_time} and {@code acr}, as the app's step-up sign-in does.
     */
    public static String signIn(String user) {
        return authorizationCode(user, user + "-password").accessToken();
    }

    /** The whole token response of a fresh interactive sign-in. */
    public static TokenResponse authorizationCode(String user, String password) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new LoopbackCookieJar())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String verifier = randomUrlSafe(32);
        String state = randomUrlSafe(16);
        String authUrl = LocalStack.realmUrl() + "/protocol/openid-connect/auth?" + form(Map.of(
                "client_id", APP_CLIENT,
                "response_type", "code",
                "redirect_uri", REDIRECT_URI,
                "scope", "openid",
                "state", state,
                "prompt", "login",
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"));
        HttpResponse<String> loginPage = send(browser, HttpRequest.newBuilder(URI.create(authUrl)).GET().build());
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        if (loginPage.statusCode() != 200 || !action.find()) {
            throw new IllegalStateException("Keycloak did not show its login form (status " + loginPage.statusCode() + ")");
        }
        String formAction = action.group(1).replace("&amp;", "&");
        HttpResponse<String> afterLogin = send(browser, HttpRequest.newBuilder(URI.create(formAction))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "username", user, "password", password, "credentialId", ""))))
                .build());
        String location = afterLogin.headers().firstValue("Location").orElse("");
        if (afterLogin.statusCode() != 302 || !location.startsWith(REDIRECT_URI)) {
            throw new IllegalStateException("Sign-in of " + user + " failed (status " + afterLogin.statusCode() + ")");
        }
        Map<String, String> callback = query(URI.create(location).getRawQuery());
        if (!state.equals(callback.get("state"))) {
            throw new IllegalStateException("Keycloak answered with another state");
        }
        return tokenRequest(LocalStack.realmUrl(), Map.of(
                "grant_type", "authorization_code",
                "client_id", APP_CLIENT,
                "code", callback.get("code"),
                "redirect_uri", REDIRECT_URI,
                "code_verifier", verifier));
    }

    /** A client-credentials token of a confidential client, e.g. {@code sign-in-portal}. */
    public static String clientCredentials(String clientId, String secret) {
        return tokenRequest(LocalStack.realmUrl(), Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)).accessToken();
    }

    /** A correctly signed token of the realm whose audience is not the API's ({@code admin-cli}). */
    public static String wrongAudience(String user) {
        return passwordGrant(LocalStack.realmUrl(), "admin-cli", user, user + "-password");
    }

    /**
     * A correctly signed token of the realm, with the API's audience, from a client the API does not serve
     * ({@code authcloud-test-unexpected-client}, local realm only).
     */
    public static String unexpectedClient(String user) {
        return passwordGrant(LocalStack.realmUrl(), "authcloud-test-unexpected-client", user, user + "-password");
    }

    /** A correctly signed token from another issuer: the master realm's admin. */
    public static String otherIssuer() {
        return passwordGrant(LocalStack.keycloakUrl() + "/realms/master", "admin-cli", "admin", "admin");
    }

    /** A correctly signed token of the realm that has already expired (its client issues 1-second tokens). */
    public static String expired(String user) {
        String token = passwordGrant(LocalStack.realmUrl(), "authcloud-test-short-lived", user, user + "-password");
        long expiresAt = claims(token).get("exp").asLong();
        long waitMillis = expiresAt * 1000 - System.currentTimeMillis() + 1100;
        if (waitMillis > 0) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return token;
    }

    /** The decoded payload of a JWT (signature not checked: for assertions in tests only). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a JWT", e);
        }
    }

    /**
     * Keeps the login form's cookies like a browser on localhost does: Keycloak marks them {@code Secure},
     * and browsers (and curl) treat 127.0.0.1 as a secure context, while Java's CookieManager does not.
     */
    private static final class LoopbackCookieJar extends CookieHandler {
        private final Map<String, String> cookies = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Map<String, java.util.List<String>> get(URI uri, Map<String, java.util.List<String>> requestHeaders) {
            if (cookies.isEmpty()) {
                return Map.of();
            }
            String header = cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "));
            return Map.of("Cookie", java.util.List.of(header));
        }

        @Override
        public void put(URI uri, Map<String, java.util.List<String>> responseHeaders) {
            responseHeaders.forEach((name, values) -> {
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

    private record CachedToken(String token, long expiresAtEpochSecond) {
        static CachedToken of(String token) {
            return new CachedToken(token, claims(token).get("exp").asLong());
        }

        boolean validFor(Duration margin) {
            return expiresAtEpochSecond - margin.toSeconds() > System.currentTimeMillis() / 1000;
        }
    }

    /** The parts of a token response tests use. */
    public record TokenResponse(String accessToken, String refreshToken, String idToken) {
    }

    private static String passwordGrant(String realmUrl, String clientId, String user, String password) {
        return tokenRequest(realmUrl, Map.of(
                "grant_type", "password", "client_id", clientId, "username", user, "password", password,
                "scope", "openid")).accessToken();
    }

    private static TokenResponse tokenRequest(String realmUrl, Map<String, String> parameters) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = send(client, HttpRequest.newBuilder(
                        URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused the " + parameters.get("grant_type")
                    + " grant for client " + parameters.get("client_id") + " (status " + response.statusCode() + ")");
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return new TokenResponse(body.path("access_token").asText(),
                    body.path("refresh_token").asText(null), body.path("id_token").asText(null));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak answered with an unreadable token response", e);
        }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is not reachable at " + LocalStack.keycloakUrl()
                    + "; start the stack with deploy/local/up.sh --infra-only", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> parameters) {
        return new LinkedHashMap<>(parameters).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                result.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return result;
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
