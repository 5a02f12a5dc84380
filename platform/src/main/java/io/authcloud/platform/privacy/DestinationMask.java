package io.authcloud.platform.privacy;

/**
 * Shows where a code went without revealing the address: {@code a***e@example.test}, {@code +1 *** *** **01}.
 * The one mask of every service: what verification-service answers and what notification-service records.
 */
public final class DestinationMask {

    private DestinationMask() {
    }

    /** The mask of a destination of the channel {@code email} or {@code sms}. */
    public static String of(String channel, String destination) {
        return "email".equals(channel) ? email(destination) : phone(destination);
    }

    public static String email(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        String local = email.substring(0, at);
        String visible = local.length() == 1 ? local : local.charAt(0) + "***" + local.charAt(local.length() - 1);
        return (local.length() == 1 ? visible + "***" : visible) + email.substring(at);
    }

    /**
     * Keeps the country code and the last two digits of an E.164 number. The country code is read as one
     * digit for zones 1 (North America) and 7, else two digits: enough to tell numbers apart, not to dial.
     */
    public static String phone(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < 6) {
            return "***";
        }
        int countryDigits = digits.charAt(0) == '1' || digits.charAt(0) == '7' ? 1 : 2;
        return "+" + digits.substring(0, countryDigits) + " *** *** **" + digits.substring(digits.length() - 2);
    }
}
