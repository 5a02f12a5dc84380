package io.authcloud.notification.signin;

import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;

/** The problems of push sign-in approval. */
public final class SignInProblems {

    public static final ProblemType NUMBER_MISMATCH =
            new ProblemType("number-mismatch", "The number does not match", 422);
    public static final ProblemType SIGNATURE_INVALID =
            new ProblemType("signature-invalid", "The device's signature is not valid", 422);
    public static final ProblemType REQUEST_EXPIRED =
            new ProblemType("sign-in-request-expired", "The sign-in request has expired", 410);
    public static final ProblemType ALREADY_ANSWERED =
            new ProblemType("proof-already-used", "This sign-in request was already answered", 409);

    private SignInProblems() {
    }

    static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "There is no sign-in request with this id for you.");
    }

    static ProblemException noDevice() {
        return new ProblemException(ProblemType.NOT_FOUND,
                "No phone of this user holds a push credential for this account, so no sign-in can be approved by push.");
    }

    static ProblemException deviceWithoutCredential(SignInRequest request) {
        if (request.isRecovery()) {
            return new ProblemException(ProblemType.FORBIDDEN, "Only another phone of yours holding a personal sign-in"
                    + " credential can approve a recovery; the phone being recovered cannot approve itself.");
        }
        return new ProblemException(ProblemType.FORBIDDEN,
                "This device holds no credential for the account being signed in to.");
    }

    static ProblemException numberMismatch(SignInRequest request) {
        if (request.isRecovery()) {
            return new ProblemException(NUMBER_MISMATCH, "The number you entered is not the one on the phone being recovered."
                    + " The recovery was not approved; if you are not recovering your authenticator, someone may know your"
                    + " password: change it.");
        }
        return new ProblemException(NUMBER_MISMATCH, "The number you entered is not the one on the sign-in page."
                + " The sign-in was denied; if you did not try to sign in, someone may know your password.");
    }

    static ProblemException signatureInvalid() {
        return new ProblemException(SIGNATURE_INVALID, "The answer was not signed by this device's credential.");
    }

    static ProblemException expired(SignInRequest request) {
        if (request.isRecovery()) {
            return new ProblemException(REQUEST_EXPIRED, "This approval request has expired. Ask again from the phone being"
                    + " recovered.");
        }
        return new ProblemException(REQUEST_EXPIRED, "This sign-in request expired after 60 seconds. Sign in again.");
    }

    static ProblemException alreadyAnswered() {
        return new ProblemException(ALREADY_ANSWERED, "This sign-in request was already answered; an answer counts once.");
    }
}
