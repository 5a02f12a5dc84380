package io.authcloud.notification.domain.credentials;

import io.authcloud.platform.problem.Problem;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;

/** The problems of credential issuance and code checks. */
public final class CredentialProblems {

    private CredentialProblems() {
    }

    public static ProblemException pending() {
        return new ProblemException(ProblemType.VERIFICATION_PENDING, "Your verification is still on its way to us. Try again in a second.")
                .header("Retry-After", "1");
    }

    public static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND,
                "There is no verification with this id for the account you are signed in with.");
    }

    public static ProblemException otherAccountOrDevice() {
        return new ProblemException(ProblemType.FORBIDDEN,
                "This verification was for another account or another device: verify this account on this device.");
    }

    public static ProblemException alreadyUsed() {
        return new ProblemException(ProblemType.PROOF_ALREADY_USED,
                "This verification already created a credential. Each verification creates one credential, once.");
    }

    public static ProblemException expired() {
        return new ProblemException(ProblemType.VERIFICATION_EXPIRED,
                "This verification is more than 10 minutes old. Verify the account again.");
    }

    public static ProblemException keyReleaseProof() {
        return new ProblemException(ProblemType.FORBIDDEN, "This verification proved a recovery's key release or a backup"
                + " transfer, not an account: verify the account itself to get its credential.");
    }

    public static ProblemException otherKind(String kind) {
        return new ProblemException(ProblemType.FORBIDDEN, "You hold active sign-in credentials for this account that were"
                + " proven another way (" + kind + "): an account is either personal (proven by a code by email or SMS) or"
                + " a work or school account of one tenant (proven by its activation code). Revoke those credentials first,"
                + " or use another account reference.");
    }

    public static ProblemException deviceDisowned() {
        return new ProblemException(ProblemType.FORBIDDEN, "You reported this device as not yours (\"this wasn't me\"),"
                + " so it receives no sign-in credential any more. Use another device, or contact support.");
    }

    public static ProblemException credentialNotFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "There is no credential with this id for your account.");
    }

    public static ProblemException wrongCode(int attemptsLeft) {
        return new ProblemException(Problem.of(ProblemType.CODE_INVALID, "The code is not valid for this user. " + attemptsLeft
                + (attemptsLeft == 1 ? " try is" : " tries are") + " left in these 5 minutes.").with("attemptsLeft", attemptsLeft));
    }

    public static ProblemException tooManyWrongCodesToday(long retryAfter) {
        return ProblemException.rateLimited("Too many wrong codes for this user today. Sign in by approving a push on your"
                + " phone, or try codes again in " + retryAfter + " seconds (the next UTC day).", retryAfter);
    }

    public static ProblemException codesLocked() {
        return new ProblemException(ProblemType.VERIFICATION_LOCKED, "Too many wrong codes in a row for this user: code sign-in is locked."
                + " Approve a push sign-in on your phone to unlock code sign-in.");
    }

    public static ProblemException tooManyWrongCodes(long retryAfter) {
        return ProblemException.rateLimited("Too many wrong codes for this user. Try again in " + retryAfter + " seconds.",
                retryAfter);
    }
}
