package io.authcloud.loadtest;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the stack under test runs and how hard to push it; every value is a -D system property. */
final class LoadTestSettings {

    static final String GATEWAY = setting("gateway", "http://127.0.0.1:8080");
    static final String REALM = setting("realm", "http://127.0.0.1:8180/realms/authcloud");
    static final String USER = setting("user", "alice");
    static final String PASSWORD = setting("password", USER + "-password");
    static final int USERS = Integer.parseInt(setting("users", "20"));
    static final Duration DURATION = Duration.ofSeconds(Long.parseLong(setting("durationSeconds", "60")));
    static final int CIPHERTEXT_BYTES = Integer.parseInt(setting("ciphertextBytes", "8192"));

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private LoadTestSettings() {
    }

    /**
     * One access token for the run (password grant, enabled for local use only). Against a cluster, pass
     * {@code -Dtoken=...} obtained by the app's sign-in instead.
     */
    static String accessToken() {
        String given = System.getProperty("token");
        if (given != null && !given.isBlank()) {
            return given;
        }
        String form = "grant_type=password&client_id=authenticator-app&username=" + encode(USER)
                + "&password=" + encode(PASSWORD);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(REALM + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("Keycloak refused the load test's sign-in (status " + response.statusCode() + ")");
            }
            return token.group(1);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign in for the load test at " + REALM, e);
        }
    }

    private static String setting(String name, String fallback) {
        return System.getProperty(name, fallback);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
