package io.authcloud.simulator.app;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 codes from base32 secrets, and {@code otpauth://totp/...} URIs as QR codes of websites carry them. */
public final class Totp {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Totp() {
    }

    /** A third-party account read from an {@code otpauth://totp/Issuer:name?secret=...&issuer=...} URI. */
    public record OtpAuth(String issuer, String name, String secret, int digits, int period) {
    }

    public static OtpAuth parse(String uri) {
        URI parsed = URI.create(uri);
        if (!"otpauth".equals(parsed.getScheme()) || !"totp".equals(parsed.getHost())) {
            throw new IllegalArgumentException("Not an otpauth://totp/ URI: " + uri);
        }
        String label = URLDecoder.decode(parsed.getRawPath().substring(1), StandardCharsets.UTF_8);
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : parsed.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0].toLowerCase(Locale.ROOT), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        String issuer = query.getOrDefault("issuer", label.contains(":") ? label.substring(0, label.indexOf(':')) : "");
        String name = label.contains(":") ? label.substring(label.indexOf(':') + 1) : label;
        String secret = query.get("secret");
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("The otpauth URI has no secret");
        }
        if (!"SHA1".equalsIgnoreCase(query.getOrDefault("algorithm", "SHA1"))) {
            throw new IllegalArgumentException("Only SHA1 TOTP is supported");
        }
        return new OtpAuth(issuer, name, secret.toUpperCase(Locale.ROOT).replace("=", ""),
                Integer.parseInt(query.getOrDefault("digits", "6")), Integer.parseInt(query.getOrDefault("period", "30")));
    }

    public static String code(String base32Secret, Instant at) {
        return code(base32Secret, at, 6, 30);
    }

    public static String code(String base32Secret, Instant at, int digits, int period) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(decode(base32Secret), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(at.getEpochSecond() / period).array());
            int o = h[h.length - 1] & 0xf;
            int binary = (h[o] & 0x7f) << 24 | (h[o + 1] & 0xff) << 16 | (h[o + 2] & 0xff) << 8 | (h[o + 3] & 0xff);
            return String.format("%0" + digits + "d", binary % (int) Math.pow(10, digits));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seconds until the current code changes. */
    public static long secondsLeft(Instant at, int period) {
        return period - at.getEpochSecond() % period;
    }

    static byte[] decode(String base32) {
        String clean = base32.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("Not a base32 secret");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
