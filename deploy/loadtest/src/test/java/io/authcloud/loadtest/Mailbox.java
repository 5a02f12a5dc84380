package io.authcloud.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test people's mail, read from GreenMail's REST API ({@code -Dmailbox}, default http://127.0.0.1:8025)
 * as a person reads the code mailed to them: no back door into the services. A code not mailed within
 * {@code -DcodeTimeoutSeconds} (30) fails the flow that waits for it.
 *
 * <p>Reading happens on this class's own threads, never on Gatling's and never as a Gatling request, so
 * it is in no measured number: a virtual user asks for the next code ({@link #nextCode}) and pauses until
 * the future is done. Each person is used by one virtual user at a time, so the codes of one address come
 * in the order they were asked for: a cursor per address skips the mails already read (and the security
 * notices, which hold no code).
 *
 * <p>GreenMail keeps mail in memory and answers an address's whole inbox on every read, so the set-up
 * empties the inboxes of the test people it uses ({@link #open}; GreenMail makes an address again at its
 * next mail). Only the load test's own addresses are touched.
 */
final class Mailbox implements AutoCloseable {

    static final String API = Settings.string("mailbox", "http://127.0.0.1:8025");
    static final Duration CODE_TIMEOUT = Settings.seconds("codeTimeoutSeconds", 30);
    private static final Pattern CODE = Pattern.compile("[Cc]ode is (\\d{6})");

    private final Map<String, Inbox> inboxes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("mailbox-ticker"));
    private final ExecutorService readers = Executors.newFixedThreadPool(4, daemon("mailbox-reader"));

    /** One address: how many of its mails are read, and who waits for the next code. */
    private static final class Inbox {
        final String address;
        int cursor;
        volatile boolean reading;
        final Queue<CompletableFuture<String>> waiting = new ConcurrentLinkedQueue<>();

        Inbox(String address, int cursor) {
            this.address = address;
            this.cursor = cursor;
        }
    }

    Mailbox() {
        ticker.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Starts following {@code address}: an inbox grown large is emptied first; codes already there are old. */
    void open(String address) {
        int count = messages(address).size();
        if (count > 20) {
            Api.Response deleted = new Api(API, null).delete("/api/user/" + encode(address));
            deleted.expect("Emptying the test mailbox of " + address, 200, 400, 404);
            count = messages(address).size();
        }
        inboxes.put(address, new Inbox(address, count));
    }

    /**
     * The next code mailed to {@code address} after those already read; completes exceptionally after
     * {@code -DcodeTimeoutSeconds} (30).
     */
    CompletableFuture<String> nextCode(String address) {
        Inbox inbox = inboxes.get(address);
        if (inbox == null) {
            throw new IllegalStateException("The mailbox of " + address + " was not opened in the set-up");
        }
        CompletableFuture<String> code = new CompletableFuture<String>().orTimeout(CODE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        inbox.waiting.add(code);
        return code;
    }

    /** For the set-up (not on Gatling's threads): waits for the next code. */
    String awaitCode(String address) {
        return nextCode(address).join();
    }

    private void tick() {
        for (Inbox inbox : inboxes.values()) {
            inbox.waiting.removeIf(CompletableFuture::isDone);
            if (!inbox.waiting.isEmpty() && !inbox.reading) {
                inbox.reading = true;
                readers.execute(() -> read(inbox));
            }
        }
    }

    /** Hands the codes that arrived to the waiting futures, oldest first; stops at a code nobody waits for yet. */
    private void read(Inbox inbox) {
        try {
            JsonNode messages = messages(inbox.address);
            synchronized (inbox) {
                while (inbox.cursor < messages.size()) {
                    Matcher code = CODE.matcher(messages.get(inbox.cursor).path("mimeMessage").asText().replace("=\r\n", ""));
                    if (code.find()) {
                        CompletableFuture<String> waiter = inbox.waiting.poll();
                        if (waiter == null) {
                            break;
                        }
                        // A waiter that timed out is done: its late code is dropped with it.
                        waiter.complete(code.group(1));
                    }
                    inbox.cursor++;
                }
            }
        } catch (RuntimeException e) {
            System.err.println("Reading the test mailbox of " + inbox.address + " failed: " + e.getMessage());
        } finally {
            inbox.reading = false;
        }
    }

    private static JsonNode messages(String address) {
        try {
            HttpResponse<String> response = Api.CLIENT.send(HttpRequest.newBuilder(URI.create(API + "/api/user/"
                    + encode(address) + "/messages/INBOX/")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            // GreenMail answers 400 for an address that has had no mail yet.
            return response.statusCode() == 200 ? Json.read(response.body()) : Json.MAPPER.createArrayNode();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The mailbox is not reachable at " + API, e);
        }
    }

    private static String encode(String address) {
        return URLEncoder.encode(address, StandardCharsets.UTF_8);
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        readers.shutdownNow();
    }
}
