package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The person's mail, for the demo: the local GreenMail server's inbox, read through its API. */
public final class Mailbox {

    private static final Pattern CODE = Pattern.compile("[Cc]ode is (\\d{6})");
    private static final Pattern NOT_ME = Pattern.compile("not-me#token=([A-Za-z0-9_-]+)");

    private final String api;

    public Mailbox(String api) {
        this.api = api;
    }

    /** The number of mails in the inbox now: a later code is one that arrives after this count. */
    public int count(String address) {
        return messages(address).size();
    }

    /** Waits for a new verification code mail after {@code seen} mails, and reads the code in it. */
    public String awaitCode(String address, int seen, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode messages = messages(address);
            for (int i = messages.size() - 1; i >= seen; i--) {
                Matcher code = CODE.matcher(messages.get(i).path("mimeMessage").asText().replace("=\r\n", ""));
                if (code.find()) {
                    return code.group(1);
                }
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("No verification code arrived at " + address + " within " + timeout.toSeconds() + " s");
    }

    /**
     * The "this wasn't me" token of the newest security notice whose text contains {@code about} (a device id,
     * say), waiting for it to arrive.
     */
    public String awaitNotMeToken(String address, String about, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode messages = messages(address);
            for (int i = messages.size() - 1; i >= 0; i--) {
                String text = messages.get(i).path("mimeMessage").asText().replace("=\r\n", "").replace("=3D", "=");
                Matcher link = NOT_ME.matcher(text);
                if (text.contains(about) && link.find()) {
                    return link.group(1);
                }
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("No security notice about " + about + " arrived at " + address + " within "
                + timeout.toSeconds() + " s");
    }

    /** Every verification code mailed to {@code address} so far. */
    public List<String> codes(String address) {
        List<String> codes = new ArrayList<>();
        for (JsonNode message : messages(address)) {
            Matcher code = CODE.matcher(message.path("mimeMessage").asText().replace("=\r\n", ""));
            while (code.find()) {
                codes.add(code.group(1));
            }
        }
        return codes;
    }

    /** Every verification code mailed to anyone so far (GreenMail's every user). */
    public List<String> everyCode() {
        List<String> codes = new ArrayList<>();
        for (JsonNode user : get("/api/user")) {
            codes.addAll(codes(user.path("email").asText()));
        }
        return codes;
    }

    private JsonNode messages(String address) {
        return get("/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX/");
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.read(response.body()) : Json.MAPPER.createArrayNode();
        } catch (Exception e) {
            throw new IllegalStateException("The mailbox is not reachable at " + api, e);
        }
    }
}
