package io.authcloud.verification.domain.qr;

import java.util.Locale;

/**
 * Activation codes: 80 random bits written as 16 base32 letters and digits in groups of four
 * ({@code K7QM-2XHD-9RTA-LC4E}), easy to read aloud and to type when a camera fails.
 */
final class ActivationCodes {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    static final int RANDOM_BYTES = 10;

    private ActivationCodes() {
    }

    static String format(byte[] random) {
        StringBuilder code = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : random) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                code.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < code.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                grouped.append('-');
            }
            grouped.append(code.charAt(i));
        }
        return grouped.toString();
    }

    /** The canonical form a person may have typed differently: upper case, no separators. */
    static String normalize(String typed) {
        return typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }
}
