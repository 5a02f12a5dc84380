package io.authcloud.verification.domain;

/** Who is calling, as their access token says: the person and where codes may be sent to them. */
public record Caller(String sub, String username, String email, String phoneNumber, String tenant) {

    @Override
    public String toString() {
        return "Caller[sub=" + sub + "]";
    }
}
