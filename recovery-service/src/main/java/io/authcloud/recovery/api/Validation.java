package io.authcloud.recovery.api;

import io.authcloud.platform.problem.FieldError;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import java.util.List;
import java.util.regex.Pattern;

/** Checks of request parts Bean Validation cannot express, answered as invalid-request problems. */
final class Validation {

    static final String PROVIDER = "icloud|google-drive";
    static final String PLATFORM = "ios|android";
    static final Pattern STORAGE_ACCOUNT = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    static final String IDENTIFIER = "[A-Za-z0-9._:@-]{1,200}";

    private Validation() {
    }

    static void location(String provider, String storageAccount) {
        if (provider == null || !provider.matches(PROVIDER)) {
            throw invalid("provider", "must be icloud or google-drive");
        }
        if (storageAccount == null || !STORAGE_ACCOUNT.matcher(storageAccount).matches()) {
            throw invalid("storageAccount", "must be 1 to 128 URL-safe characters (letters, digits, - . _ ~)");
        }
    }

    /** iCloud backups are written by iPhones, Google Drive backups by Android phones. */
    static void platformMatches(String provider, String platform) {
        String expected = "icloud".equals(provider) ? "ios" : "android";
        if (!expected.equals(platform)) {
            throw invalid("platform", "must be " + expected + " for " + ("icloud".equals(provider) ? "iCloud" : "Google Drive")
                    + ": a phone reads the backups of its own platform's storage");
        }
    }

    static ProblemException invalid(String field, String message) {
        List<FieldError> errors = List.of(new FieldError(field, message));
        return new ProblemException(Problem.of(ProblemType.INVALID_REQUEST, "Some fields are not valid: " + field + " "
                + message + ".").with("errors", errors));
    }
}
