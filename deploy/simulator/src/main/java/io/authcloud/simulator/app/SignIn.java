package io.authcloud.simulator.app;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs in as a native app does (RFC 8252): the authorization-code flow with PKCE (S256) against
 * Keycloak, the redirect to {@code authcloud://oauth/callback} caught instead of followed, and the code
 * exchanged with the verifier. The login page is filled in here as the person would fill it in.
 */
public final class SignIn {

    public static final String CLIENT_ID = "authenticator-app";
    public static final String REDIRECT_URI = "authcloud://oauth/callback";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern ERROR = Pattern.compile("<span[^>]*id=\"input-error\"[^>]*>\\s*([^<]+?)\\s*<");

    private final String realm;

    public SignIn(String realm) {
        this.realm = realm;
    }

    /**
     * A new interactive sign-in. With {@code stepUp}, the identity provider is told to ask for the
     * password again even if it remembers the person ({@code prompt=login}), as step-up requires.
     */
    public Tokens signIn(String username, String password, boolean stepUp) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new LoopbackCookies())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String verifier = random(32);
        String state = random(16);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", CLIENT_ID);
        query.put("response_type", "code");
        query.put("redirect_uri", REDIRECT_URI);
        query.put("scope", "openid");
        query.put("state", state);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        if (stepUp) {
            query.put("prompt", "login");
        }
        HttpResponse<String> page = send(browser, HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/auth?"
                + form(query))).GET().build());
        Matcher action = FORM_ACTION.matcher(page.body());
        if (page.statusCode() != 200 || !action.find()) {
            throw new IllegalStateException("The sign-in page did not open (" + page.statusCode() + ")");
        }
        HttpResponse<String> submitted = send(browser, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password,
                        "credentialId", "")))).build());
        String location = submitted.headers().firstValue("Location").orElse("");
        if (submitted.statusCode() != 302 || !location.startsWith(REDIRECT_URI)) {
            Matcher error = ERROR.matcher(submitted.body());
            throw new IllegalStateException(error.find() ? error.group(1) : "Sign-in failed (" + submitted.statusCode() + ")");
        }
        Map<String, String> callback = parse(URI.create(location).getRawQuery());
        if (!state.equals(callback.get("state"))) {
            throw new IllegalStateException("The sign-in answered for another request (state mismatch)");
        }
        return token(Map.of("grant_type", "authorization_code", "client_id", CLIENT_ID, "code", callback.get("code"),
                "redirect_uri", REDIRECT_URI, "code_verifier", verifier), Instant.now());
    }

    /** New tokens from the refresh token: the sign-in time stays that of the last interactive sign-in. */
    public Tokens refresh(Tokens tokens) {
        return token(Map.of("grant_type", "refresh_token", "client_id", CLIENT_ID, "refresh_token", tokens.refreshToken()),
                tokens.signedInAt());
    }

    private Tokens token(Map<String, String> parameters, Instant signedInAt) {
        HttpResponse<String> response = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(
                        URI.create(realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters))).build());
        JsonNode body = Json.read(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Signing in failed: " + body.path("error_description").asText(body.path("error").asText()));
        }
        return new Tokens(body.get("access_token").asText(), body.path("refresh_token").asText(null),
                Instant.now().plusSeconds(body.path("expires_in").asLong(300)), signedInAt);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("The sign-in service is not reachable. Check your connection.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
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

    /** Keeps the login page's cookies as a browser on localhost does (they are marked Secure). */
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
