package io.authcloud.backup.api;

import io.authcloud.backup.domain.Provider;
import io.authcloud.backup.domain.StorageLocation;
import io.authcloud.platform.problem.FieldError;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads the parts of a backup request that Bean Validation cannot: path, preconditions, base64. */
final class RequestParsing {

    private static final Pattern STORAGE_ACCOUNT = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private RequestParsing() {
    }

    static StorageLocation location(String provider, String storageAccount) {
        List<FieldError> errors = new ArrayList<>();
        Provider parsed = Provider.fromWireName(provider).orElse(null);
        if (parsed == null) {
            errors.add(new FieldError("provider", "must be icloud or google-drive"));
        }
        if (storageAccount == null || !STORAGE_ACCOUNT.matcher(storageAccount).matches()) {
            errors.add(new FieldError("storageAccount",
                    "must be 1 to 128 URL-safe characters (letters, digits, - . _ ~)"));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new StorageLocation(parsed, storageAccount);
    }

    /** A transfer's target, from fields Bean Validation already checked. */
    static StorageLocation target(String provider, String storageAccount) {
        return new StorageLocation(Provider.fromWireName(provider).orElseThrow(), storageAccount);
    }

    /** The UUID {@code value} names, or null when it names none. */
    static UUID uuid(String value) {
        try {
            return value != null && value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * True when a conditional GET's {@code If-None-Match} names the current version (weak comparison). A
     * tag that names no version of ours (another server's, a cache's) just does not match (RFC 9110 §13.1.2).
     */
    static boolean notModified(String ifNoneMatch, int currentVersion) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        String current = Integer.toString(currentVersion);
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.startsWith("W/")) {
                trimmed = trimmed.substring(2);
            }
            if (trimmed.equals("\"" + current + "\"")) {
                return true;
            }
        }
        return false;
    }

    static byte[] ciphertext(String base64, int maxBytes) {
        long decodedLength = (long) base64.length() * 3 / 4;
        if (decodedLength > maxBytes + 2L) {
            throw new ProblemException(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "The encrypted backup is about "
                    + decodedLength + " bytes; at most " + maxBytes + " bytes are accepted.").with("maxBytes", maxBytes));
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid(List.of(new FieldError("ciphertext", "must be standard base64")));
        }
    }

    static ProblemException invalid(List<FieldError> errors) {
        String detail = "Some fields are not valid: " + String.join("; ",
                errors.stream().map(e -> e.field() + " " + e.message()).toList()) + ".";
        return new ProblemException(Problem.of(ProblemType.INVALID_REQUEST, detail).with("errors", errors));
    }
}
