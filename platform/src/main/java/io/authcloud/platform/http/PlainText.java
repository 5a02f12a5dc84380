package io.authcloud.platform.http;

/**
 * The rule every text of the API keeps: no control character (nothing in this API is multi-line) and no
 * broken surrogate pair. Such text breaks log lines, PostgreSQL (which refuses NUL), other parties' searches
 * and the app's display, so it is refused where it comes in ({@link StrictJson}) rather than stored.
 */
public final class PlainText {

    private PlainText() {
    }

    public static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
