package io.authcloud.verification.domain.qr;

import io.authcloud.platform.crypto.Base32;
import java.util.Locale;

/**
 * Activation codes: 80 random bits written as 16 base32 letters and digits in groups of four
 * ({@code K7QM-2XHD-9RTA-LC4E}), easy to read aloud and to type when a camera fails.
 */
final class ActivationCodes {

    static final int RANDOM_BYTES = 10;

    private ActivationCodes() {
    }

    static String format(byte[] random) {
        String code = Base32.encode(random);
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
