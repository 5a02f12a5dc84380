package io.authcloud.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.testing.KafkaTap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After every other system test (this class runs last: {@link ClassOrderer.OrderAnnotation} in
 * junit-platform.properties), the services' logs of the whole run are JSON lines with trace ids, and hold no
 * secret and no personal data beyond ids: no token, password, client secret, TOTP secret, private key, code
 * that was mailed, email address or phone number. Every event of the run (every topic and dead-letter topic,
 * from its first record) holds no secret either, except inside its encrypted carrier (the sealed code of a
 * notification request), and neither does any answer the tests received (ResponseScan).
 */
@ExtendWith(RunningStack.class)
@Order(Integer.MAX_VALUE)
class LogsKeepNoSecretsTest {

    private static final List<String> ADDRESSES = List.of("alice@example.test", "alice@contoso.example",
            "dave@contoso.example.test");
    /** Written by hand into the realm and the tests: their appearance anywhere in a log is a leak. */
    static final List<String> KNOWN_SECRETS = List.of("alice-password", "bob-password", "carol-password",
            "dave-password", "authcloud-services-local-secret", "sign-in-portal-local-secret", "JBSWY3DPEHPK3PXP",
            "KRSXG5CTMVRXEZLU", "local-kafka-", "local-redis-");
    /** The topics the services write (each has a -dlq). */
    private static final List<String> TOPICS = List.of("backup-events", "recovery-events", "verification-events",
            "notification-requests", "credential-events");
    /** 24 or more characters of a hash, id, time, base64 or JWE: no code hides in them. */
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9+/=_.:-]{24,}");
    private static final Pattern LEAKS = Pattern.compile(
            "eyJ[A-Za-z0-9_-]{10,}"                              // a JWT or JWE (tokens, sealed codes)
            + "|Bearer [A-Za-z0-9._-]{10,}"                      // an Authorization header
            + "|-----BEGIN"                                      // a PEM key
            + "|otpauth://"                                      // a TOTP secret's URI
            + "|(?<![*A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z.]{2,}" // an unmasked email address
            + "|\\+\\d{8,15}(?!\\d)");                              // an unmasked phone number (E.164)

    @Test
    void everyServiceLogsJsonLinesWithTraceIds() {
        for (String service : ServiceLogs.SERVICES) {
            List<ServiceLogs.Line> lines = ServiceLogs.lines(service);
            assertThat(lines).as("%s's log", service).isNotEmpty();
            assertThat(lines).as("%s's log lines are JSON objects with a level and a message", service)
                    .allMatch(line -> line.json() != null && line.json().has("level") && line.json().has("message"));
            assertThat(lines).as("%s's request lines carry trace and span ids", service)
                    .anyMatch(line -> line.traceId() != null && line.json().path("mdc").has("spanId"));
        }
    }

    @Test
    void noLogHoldsASecretOrPersonalData() {
        List<String> mailedCodes = new ArrayList<>();
        ADDRESSES.forEach(address -> mailedCodes.addAll(People.MAILBOX.codes(address)));
        assertThat(mailedCodes).as("the run mailed codes (else this test proves nothing about them)").isNotEmpty();
        List<Pattern> codes = mailedCodes.stream().distinct().map(code -> Pattern.compile("(?<!\\d)" + code + "(?!\\d)")).toList();

        List<String> leaks = new ArrayList<>();
        for (String service : ServiceLogs.SERVICES) {
            for (ServiceLogs.Line line : ServiceLogs.lines(service)) {
                // Say where, never what: the test's own output must not repeat the secret.
                leakIn(line, codes).ifPresent(kind -> leaks.add(service + ": " + kind + " in a line of " + line.logger()));
            }
        }
        assertThat(leaks).as("log lines holding a secret or personal data").isEmpty();
    }

    @Test
    void noEventHoldsASecret() {
        List<String> mailedCodes = People.MAILBOX.everyCode();
        assertThat(mailedCodes).as("the run mailed codes (else this test proves nothing about them)").isNotEmpty();
        List<Pattern> codes = mailedCodes.stream().distinct().map(code -> Pattern.compile("(?<!\\d)" + code + "(?!\\d)")).toList();
        List<String> leaks = new ArrayList<>();
        int records = 0;
        for (String topic : TOPICS) {
            for (String name : List.of(topic, topic + "-dlq")) {
                try (KafkaTap tap = KafkaTap.history(name)) {
                    for (KafkaTap.Record record : tap.drain(Duration.ofSeconds(3))) {
                        records++;
                        String text = record.key() + " " + record.value() + " " + record.headers();
                        eventLeak(text, codes).ifPresent(kind -> leaks.add(name + ": " + kind + " in a " + record.ceType()));
                    }
                }
            }
        }
        assertThat(records).as("events of the run").isPositive();
        assertThat(leaks).as("events holding a secret").isEmpty();
    }

    /**
     * Every answer of the run through the simulator's clients (ResponseScan): none held a secret, and none a code
     * that was mailed (codes go by mail or SMS only).
     */
    @Test
    void noResponseHoldsASecret() {
        List<String> mailedCodes = People.MAILBOX.everyCode();
        assertThat(ResponseScan.ANSWERS.get()).as("answers scanned").isPositive();
        List<String> leaks = new ArrayList<>(ResponseScan.FINDINGS);
        mailedCodes.stream().distinct().filter(ResponseScan.NUMBERS::containsKey)
                .forEach(code -> leaks.add(ResponseScan.NUMBERS.get(code) + ": a mailed code"));
        assertThat(leaks).as("answers holding a secret (where, never what)").isEmpty();
    }

    /**
     * What secret an event holds outside its encrypted carrier: a known one, a TOTP secret's URI, a PEM key, a
     * bearer token, or a mailed code. Codes are looked for once long opaque strings are taken out (hashes, ids,
     * times, sealed JWEs, base64), where six digits in a row turn up by chance.
     */
    private static Optional<String> eventLeak(String text, List<Pattern> mailedCodes) {
        if (KNOWN_SECRETS.stream().anyMatch(text::contains)) {
            return Optional.of("a known secret");
        }
        if (text.contains("otpauth://")) {
            return Optional.of("a TOTP secret");
        }
        if (text.contains("-----BEGIN")) {
            return Optional.of("a private key");
        }
        if (text.contains("Bearer ")) {
            return Optional.of("a bearer token");
        }
        String plain = OPAQUE.matcher(text).replaceAll("#");
        return mailedCodes.stream().anyMatch(code -> code.matcher(plain).find()) ? Optional.of("a mailed code")
                : Optional.empty();
    }

    /** What kind of secret or personal data the line holds, if any. */
    private static Optional<String> leakIn(ServiceLogs.Line line, List<Pattern> mailedCodes) {
        if (KNOWN_SECRETS.stream().anyMatch(line.text()::contains)) {
            return Optional.of("a known secret");
        }
        // Only what the service wrote: the message and its context, not the timestamp, host or thread.
        String message = line.json() == null ? line.text() : line.json().path("message").asText("");
        String written = line.json() == null ? message
                : message + " " + line.json().path("mdc") + " " + line.json().path("exception");
        Matcher leak = LEAKS.matcher(written);
        if (leak.find()) {
            return Optional.of(kind(leak.group()));
        }
        return mailedCodes.stream().anyMatch(code -> code.matcher(message).find()) ? Optional.of("a mailed code")
                : Optional.empty();
    }

    /** What kind of leak a match is, without repeating it. */
    private static String kind(String match) {
        if (match.startsWith("eyJ")) {
            return "a token";
        }
        if (match.startsWith("Bearer")) {
            return "a bearer token";
        }
        if (match.startsWith("-----")) {
            return "a private key";
        }
        if (match.startsWith("otpauth")) {
            return "a TOTP secret";
        }
        return match.contains("@") ? "an email address" : "a phone number";
    }
}
