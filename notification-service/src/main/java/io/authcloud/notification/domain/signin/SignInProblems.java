package io.authcloud.notification.domain.signin;

import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;

/** The problems of push sign-in approval. */
public final class SignInProblems {

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
            return new ProblemException(ProblemType.NUMBER_MISMATCH, "The number you entered is not the one on the phone being recovered."
                    + " The recovery was not approved; if you are not recovering your authenticator, someone may know your"
                    + " password: change it.");
        }
        return new ProblemException(ProblemType.NUMBER_MISMATCH, "The number you entered is not the one on the sign-in page."
                + " The sign-in was denied; if you did not try to sign in, someone may know your password.");
    }

    static ProblemException signatureInvalid() {
        return new ProblemException(ProblemType.SIGNATURE_INVALID, "The answer was not signed by this device's credential.");
    }

    static ProblemException expired(SignInRequest request) {
        if (request.isRecovery()) {
            return new ProblemException(ProblemType.SIGN_IN_REQUEST_EXPIRED, "This approval request has expired. Ask again from the phone being"
                    + " recovered.");
        }
        return new ProblemException(ProblemType.SIGN_IN_REQUEST_EXPIRED, "This sign-in request expired after 60 seconds. Sign in again.");
    }

    static ProblemException alreadyAnswered() {
        return new ProblemException(ProblemType.PROOF_ALREADY_USED, "This sign-in request was already answered; an answer counts once.");
    }
}
