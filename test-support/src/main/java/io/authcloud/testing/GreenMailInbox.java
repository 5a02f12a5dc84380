package io.authcloud.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads the mail the local GreenMail server received, through its REST API, as a person reads their inbox. */
public final class GreenMailInbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private GreenMailInbox() {
    }

    /** A received mail: subject and plain-text body (quoted-printable decoded). */
    public record Mail(String subject, String body) {
    }

    public static List<Mail> messages(String address) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.greenMailApiUrl() + "/api/user/"
                    + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GreenMail is not reachable at " + LocalStack.greenMailApiUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200) {
            return List.of();
        }
        try {
            List<Mail> mails = new ArrayList<>();
            for (JsonNode message : JSON.readTree(response.body())) {
                mails.add(new Mail(message.path("subject").asText(), body(message.path("mimeMessage").asText())));
            }
            return mails;
        } catch (IOException e) {
            throw new IllegalStateException("GreenMail answered unreadable JSON", e);
        }
    }

    /** Waits for a mail to {@code address} that matches. */
    public static Mail await(String address, Predicate<Mail> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Mail mail : messages(address)) {
                if (match.test(mail)) {
                    return mail;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No matching mail to " + address + " within " + timeout);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The text after the MIME headers, with quoted-printable soft breaks and escapes undone. */
    static String body(String mime) {
        String normalized = mime.replace("\r\n", "\n");
        int start = normalized.indexOf("\n\n");
        String raw = start < 0 ? normalized : normalized.substring(start + 2);
        if (!normalized.toLowerCase().contains("content-transfer-encoding: quoted-printable")) {
            return raw;
        }
        String joined = raw.replace("=\n", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '=' && i + 2 < joined.length() && isHex(joined.charAt(i + 1)) && isHex(joined.charAt(i + 2))) {
                out.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
