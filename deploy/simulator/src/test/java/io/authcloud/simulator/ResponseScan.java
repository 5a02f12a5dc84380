package io.authcloud.simulator;

import io.authcloud.simulator.app.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every answer the system tests' phones, admins and relying parties receive ({@link Http}), scanned as it arrives
 * for what no answer may hold: a password or client secret of the realm, a bearer or access token (a signed JWT),
 * a PEM key, or a TOTP secret's URI outside the one answer that hands a phone its credential's secret. The
 * six-digit numbers of the answers are kept (not the answers), so that {@link LogsKeepNoSecretsTest} can hold them
 * against every code that was mailed, at the end of the run. Installed by {@link RunningStack}.
 */
final class ResponseScan {

    /** A signed JWT (an access or ID token): header and payload both JSON objects. A JWE's second part is not. */
    private static final Pattern SIGNED_JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.");
    /** A bearer token (RFC 6750's token68), not a challenge ({@code WWW-Authenticate: Bearer error="..."}). */
    private static final Pattern BEARER_TOKEN = Pattern.compile("Bearer [A-Za-z0-9._~+/-]{10,}");
    /** 24 or more characters of a hash, id, time, base64 or JWE: no code hides in them. */
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9+/=_.:-]{24,}");
    private static final Pattern SIX_DIGITS = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");
    /** The one answer that carries a TOTP secret: a new personal credential's, to the phone that asked for it. */
    private static final String ISSUES_A_SECRET = "POST /v1/push-credentials";

    static final AtomicInteger ANSWERS = new AtomicInteger();
    static final List<String> FINDINGS = Collections.synchronizedList(new ArrayList<>());
    /** Six-digit numbers seen in answers, with where (first seen). */
    static final Map<String, String> NUMBERS = new ConcurrentHashMap<>();

    private ResponseScan() {
    }

    static void install() {
        Http.observe(ResponseScan::scan);
    }

    private static void scan(String request, HttpResponse<byte[]> response) {
        ANSWERS.incrementAndGet();
        String type = response.headers().firstValue("Content-Type").orElse("");
        String body = type.contains("json") || type.startsWith("text/") ? new String(response.body(), StandardCharsets.UTF_8) : "";
        String text = response.headers().map() + " " + body;
        String where = request.replaceAll("/[0-9a-f-]{36}", "/{id}") + " " + response.statusCode();
        if (LogsKeepNoSecretsTest.KNOWN_SECRETS.stream().anyMatch(text::contains)) {
            FINDINGS.add(where + ": a known secret");
        }
        if (BEARER_TOKEN.matcher(text).find() || SIGNED_JWT.matcher(text).find()) {
            FINDINGS.add(where + ": a token");
        }
        if (text.contains("-----BEGIN")) {
            FINDINGS.add(where + ": a PEM key");
        }
        if (text.contains("otpauth://") && !request.startsWith(ISSUES_A_SECRET)) {
            FINDINGS.add(where + ": a TOTP secret");
        }
        // The body only: a header's value (a content length) is no code.
        Matcher number = SIX_DIGITS.matcher(OPAQUE.matcher(body).replaceAll("#"));
        while (number.find()) {
            NUMBERS.putIfAbsent(number.group(), where);
        }
    }
}
