package io.authcloud.verification.domain;

import io.authcloud.platform.problem.FieldError;
import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The problems verification answers with, worded for the person holding the phone. */
public final class VerificationProblems {

    private VerificationProblems() {
    }

    /** Invalid input found after the fields were read one by one: 400 with the fields to fix. */
    public static ProblemException invalidRequest(List<FieldError> errors) {
        String detail = "Some fields are not valid: " + errors.stream()
                .map(error -> error.field() + " " + error.message())
                .collect(Collectors.joining("; ")) + ".";
        return new ProblemException(Problem.of(ProblemType.INVALID_REQUEST, detail).with("errors", errors));
    }

    public static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND,
                "There is no verification with this id for the account you are signed in with.");
    }

    public static ProblemException noDestination(Channel channel) {
        String what = channel == Channel.EMAIL ? "email address" : "phone number";
        String article = channel == Channel.EMAIL ? "an " : "a ";
        return new ProblemException(Problem.of(ProblemType.DESTINATION_UNAVAILABLE, "Your account has no " + what
                        + " on record to send the code to. Choose the other channel, or add " + article + what
                        + " to your account.")
                .with("channel", channel));
    }

    /** An email address not proven to be the person's is no destination: same answer as none at all. */
    public static ProblemException unverifiedEmail() {
        return new ProblemException(Problem.of(ProblemType.DESTINATION_UNAVAILABLE, "The email address of your account is not"
                        + " verified, so no code can be sent to it. Choose the other channel, or verify your email"
                        + " address first.")
                .with("channel", Channel.EMAIL));
    }

    public static ProblemException wrongCode(int attemptsLeft) {
        return new ProblemException(Problem.of(ProblemType.CODE_INVALID, "That code is not correct. You have " + attemptsLeft
                        + (attemptsLeft == 1 ? " try" : " tries") + " left.")
                .with("attemptsLeft", attemptsLeft));
    }

    public static ProblemException locked() {
        return new ProblemException(Problem.of(ProblemType.VERIFICATION_LOCKED, "Too many wrong codes: this verification is"
                + " locked. Start a new verification to get a new code.").with("attemptsLeft", 0));
    }

    public static ProblemException expired(Instant expiredAt) {
        return new ProblemException(Problem.of(ProblemType.VERIFICATION_EXPIRED, "The code expired at " + expiredAt
                + ". Start a new verification to get a new code.").with("expiredAt", expiredAt));
    }

    public static ProblemException alreadyVerified() {
        return new ProblemException(ProblemType.PROOF_ALREADY_USED,
                "This verification is already complete; its code cannot be used again.");
    }

    public static ProblemException resendTooSoon(long retryAfterSeconds) {
        return rateLimited("You can ask for a new code in " + retryAfterSeconds + " seconds.", retryAfterSeconds);
    }

    /** No more codes for this verification: Retry-After is when it ends and a new one is the way on. */
    public static ProblemException tooManyCodes(int maxSends, long secondsUntilExpiry) {
        long retryAfter = Math.max(1, secondsUntilExpiry);
        return new ProblemException(Problem.of(ProblemType.RATE_LIMITED, "This verification has already sent "
                        + maxSends + " codes, the most it may. Start a new verification.")
                .with("sendsLeft", 0).with("retryAfterSeconds", retryAfter))
                .header("Retry-After", Long.toString(retryAfter));
    }

    /** Every try this verification has is being checked at this moment (by concurrent submissions). */
    public static ProblemException triesInFlight() {
        return rateLimited("Other tries of this code are being checked right now. Try again in a second.", 1);
    }

    public static ProblemException tooManyFailures(long retryAfterSeconds) {
        return rateLimited("Too many wrong codes in the last hour. Try again in " + retryAfterSeconds / 60
                + " minutes.", retryAfterSeconds);
    }

    public static ProblemException tooManySends(long retryAfterSeconds) {
        return rateLimited("Too many codes were sent to this address recently. Try again in "
                + Math.max(1, retryAfterSeconds / 60) + " minutes.", retryAfterSeconds);
    }

    public static ProblemException activationCodeInvalid(String why) {
        return new ProblemException(ProblemType.ACTIVATION_CODE_INVALID, why
                + " Ask your organisation's IT admin for a new QR code if you need one.");
    }

    private static ProblemException rateLimited(String detail, long retryAfterSeconds) {
        return ProblemException.rateLimited(detail, retryAfterSeconds);
    }
}
