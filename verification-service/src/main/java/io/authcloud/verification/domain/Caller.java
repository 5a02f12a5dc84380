package io.authcloud.verification.domain;

import io.authcloud.platform.security.CurrentPerson;

/** Who is calling, as their access token says: the person and where codes may be sent to them. */
public record Caller(String sub, String username, String email, boolean emailVerified, String phoneNumber,
        String tenant) {

    /** The caller of the current request. */
    public static Caller of(CurrentPerson person) {
        return new Caller(person.sub(), person.username(), person.email(), person.emailVerified(), person.phone(),
                person.tenant());
    }

    /**
     * Where a code for {@code channel} goes. An email address counts only once the person has proven it is
     * theirs ({@code email_verified}): an unproven one could be anybody's, and a code there proves nothing.
     */
    public String destination(Channel channel) {
        if (channel == Channel.EMAIL) {
            if (email == null || email.isBlank()) {
                throw VerificationProblems.noDestination(channel);
            }
            if (!emailVerified) {
                throw VerificationProblems.unverifiedEmail();
            }
            return email;
        }
        if (phoneNumber == null || phoneNumber.isBlank()) {
            throw VerificationProblems.noDestination(channel);
        }
        return phoneNumber;
    }

    @Override
    public String toString() {
        return "Caller[sub=" + sub + "]";
    }
}
