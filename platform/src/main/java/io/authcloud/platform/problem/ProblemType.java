package io.authcloud.platform.problem;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A kind of problem the API answers with (RFC 9457): the slug ends the {@code type} URI, the title and
 * the HTTP status are the same for every occurrence. This is the one catalogue of every type the API
 * answers with, so a slug has one title and one status in every service (docs/api.md explains each).
 */
public record ProblemType(String slug, String title, int status) {

    /** Problem type URIs are {@code https://authcloud.example/problems/<slug>}. */
    public static final String BASE_URI = "https://authcloud.example/problems/";

    public static final ProblemType INVALID_REQUEST =
            new ProblemType("invalid-request", "The request is not valid", 400);
    public static final ProblemType INVALID_TOKEN =
            new ProblemType("invalid-token", "This token is not accepted here", 401);
    public static final ProblemType FORBIDDEN =
            new ProblemType("forbidden", "You are not allowed to do this", 403);
    public static final ProblemType NOT_FOUND =
            new ProblemType("not-found", "Not found", 404);
    public static final ProblemType METHOD_NOT_ALLOWED =
            new ProblemType("method-not-allowed", "This method is not allowed here", 405);
    public static final ProblemType NOT_ACCEPTABLE =
            new ProblemType("not-acceptable", "No acceptable representation", 406);
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE =
            new ProblemType("unsupported-media-type", "Unsupported media type", 415);
    public static final ProblemType PAYLOAD_TOO_LARGE =
            new ProblemType("payload-too-large", "The request is too large", 413);
    public static final ProblemType VERSION_CONFLICT =
            new ProblemType("version-conflict", "It changed since you read it", 412);
    public static final ProblemType PRECONDITION_REQUIRED =
            new ProblemType("precondition-required", "A precondition is required", 428);
    public static final ProblemType RATE_LIMITED =
            new ProblemType("rate-limited", "Too many requests", 429);
    public static final ProblemType INTERNAL_ERROR =
            new ProblemType("internal-error", "Something went wrong on our side", 500);
    public static final ProblemType SERVICE_UNAVAILABLE =
            new ProblemType("service-unavailable", "The service is temporarily unavailable", 503);

    // --- Sign-in and step-up ---
    public static final ProblemType STEP_UP_REQUIRED =
            new ProblemType("step-up-required", "Sign in again to continue", 401);
    public static final ProblemType SECOND_FACTOR_REQUIRED =
            new ProblemType("second-factor-required", "Prove it is you first", 403);

    // --- Backups and recoveries ---
    public static final ProblemType BACKUP_NOT_FOUND =
            new ProblemType("backup-not-found", "No backup found", 404);
    public static final ProblemType BACKUP_DELETED =
            new ProblemType("backup-deleted", "This backup was deleted", 410);
    public static final ProblemType TRANSFER_TARGET_IN_USE =
            new ProblemType("transfer-target-in-use", "A backup is already there", 409);
    public static final ProblemType BACKUP_ON_OTHER_PLATFORM =
            new ProblemType("backup-on-other-platform", "Your backup is on the other platform", 409);
    public static final ProblemType EXISTING_ACCOUNTS =
            new ProblemType("existing-accounts", "This phone already has accounts", 409);
    public static final ProblemType RECOVERY_CLOSED =
            new ProblemType("recovery-closed", "This recovery is over", 409);
    public static final ProblemType RECOVERY_IN_PROGRESS =
            new ProblemType("recovery-in-progress", "Another recovery is under way on this phone", 409);
    public static final ProblemType DEVICE_IN_USE =
            new ProblemType("device-in-use", "This phone is already one of yours", 409);
    public static final ProblemType NO_APPROVING_DEVICE =
            new ProblemType("no-approving-device", "No other phone can approve", 422);

    // --- Verifications, codes and proofs ---
    public static final ProblemType DESTINATION_UNAVAILABLE =
            new ProblemType("destination-unavailable", "There is nowhere to send the code", 422);
    public static final ProblemType CODE_INVALID =
            new ProblemType("code-invalid", "The code is not correct", 422);
    public static final ProblemType ACTIVATION_CODE_INVALID =
            new ProblemType("activation-code-invalid", "The activation code is not valid", 422);
    public static final ProblemType VERIFICATION_LOCKED =
            new ProblemType("verification-locked", "Locked after too many failed tries", 423);
    public static final ProblemType VERIFICATION_EXPIRED =
            new ProblemType("verification-expired", "The verification has expired", 410);
    public static final ProblemType VERIFICATION_PENDING =
            new ProblemType("verification-pending", "The verification has not reached us yet", 409);
    public static final ProblemType PROOF_ALREADY_USED =
            new ProblemType("proof-already-used", "This proof was already used", 409);

    // --- Push sign-in ---
    public static final ProblemType NUMBER_MISMATCH =
            new ProblemType("number-mismatch", "The number does not match", 422);
    public static final ProblemType SIGNATURE_INVALID =
            new ProblemType("signature-invalid", "The device's signature is not valid", 422);
    public static final ProblemType SIGN_IN_REQUEST_EXPIRED =
            new ProblemType("sign-in-request-expired", "The sign-in request has expired", 410);

    public URI uri() {
        return URI.create(BASE_URI + slug);
    }

    /** Every type of the catalogue, in the order declared. */
    public static List<ProblemType> all() {
        return Catalogue.ALL;
    }

    /** The catalogue's type of that slug, if there is one. */
    public static Optional<ProblemType> bySlug(String slug) {
        return Catalogue.ALL.stream().filter(type -> type.slug.equals(slug)).findFirst();
    }

    /** The constants above, read once. */
    private static final class Catalogue {
        static final List<ProblemType> ALL = Arrays.stream(ProblemType.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == ProblemType.class)
                .map(Catalogue::read).toList();

        private static ProblemType read(Field field) {
            try {
                return (ProblemType) field.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
