package io.authcloud.simulator.app;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account security page as a browser uses it, for the demo's command line: the authorization code flow through
 * Keycloak's sign-in form (its cookies kept like a browser's, over plain HTTP on the local stack), the page's HTML,
 * and its forms posted back with their token. The real browser's test is AccountSecurityPageTest (Chromium).
 */
public final class AccountPageClient {

    private static final Pattern FORM_ACTION = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"form\" value=\"([0-9a-f]{64})\"");
    private static final Pattern DEVICES = Pattern.compile("<section aria-labelledby=\"devices\">(.*?)</section>", Pattern.DOTALL);

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Cookies by origin, then name: what a browser sends back (Secure ones too: a browser trusts 127.0.0.1). */
    private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();
    private final String page;
    private String html;

    public AccountPageClient(Endpoints endpoints) {
        this.page = endpoints.gateway() + "/account/security";
    }

    /** Signs in on Keycloak's form and answers the page's HTML. */
    public String signIn(String username, String password) {
        HttpResponse<String> answer = follow(get(page));
        Matcher form = FORM_ACTION.matcher(answer.body());
        if (!form.find()) {
            throw new IllegalStateException("Keycloak's sign-in form did not come (status " + answer.statusCode() + ")");
        }
        String action = form.group(1).replace("&amp;", "&");
        answer = follow(post(action, "username=" + encode(username) + "&password=" + encode(password), null));
        if (!answer.uri().getPath().equals("/account/security")) {
            throw new IllegalStateException("The sign-in did not reach the page: wrong username or password?");
        }
        html = answer.body();
        return html;
    }

    /** The devices the page lists, as text, a line each. */
    public List<String> devices() {
        Matcher section = DEVICES.matcher(html);
        List<String> lines = new ArrayList<>();
        if (section.find()) {
            for (String line : section.group(1).replaceAll("<[^>]+>", "\n").split("\n")) {
                String text = line.strip().replace("&#39;", "'").replace("&amp;", "&");
                if (!text.isEmpty() && !text.equals("Your devices")) {
                    lines.add(text);
                }
            }
        }
        return lines;
    }

    /** Presses "Remove this device" for {@code deviceId}; answers what the page says then. */
    public String removeDevice(String deviceId) {
        Matcher token = FORM_TOKEN.matcher(html);
        if (!token.find()) {
            throw new IllegalStateException("The page shows no form");
        }
        String origin = URI.create(page).getScheme() + "://" + URI.create(page).getAuthority();
        HttpResponse<String> answer = follow(post(page + "/devices/" + encode(deviceId) + "/revoke", "form=" + token.group(1),
                origin));
        html = answer.body();
        Matcher status = Pattern.compile("role=\"status\">([^<]+)").matcher(html);
        return status.find() ? status.group(1).strip() : "(the page said nothing)";
    }

    private HttpResponse<String> follow(HttpResponse<String> answer) {
        for (int hops = 0; answer.statusCode() / 100 == 3 && hops < 10; hops++) {
            answer = get(answer.uri().resolve(answer.headers().firstValue("Location").orElseThrow()).toString());
        }
        return answer;
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> post(String url, String form, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        URI uri = request.build().uri();
        Map<String, String> jar = cookies.computeIfAbsent(uri.getScheme() + "://" + uri.getAuthority(), key -> new LinkedHashMap<>());
        if (!jar.isEmpty()) {
            request.header("Cookie", String.join("; ", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        try {
            HttpResponse<String> answer = http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            for (String set : answer.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    String value = pair.substring(equals + 1);
                    if (value.isEmpty() || set.toLowerCase().contains("max-age=0")) {
                        jar.remove(pair.substring(0, equals));
                    } else {
                        jar.put(pair.substring(0, equals), value);
                    }
                }
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("The page did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
