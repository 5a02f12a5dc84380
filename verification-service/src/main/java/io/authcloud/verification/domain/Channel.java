package io.authcloud.verification.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a one-time code is sent. */
public enum Channel {
    EMAIL("email", Method.EMAIL),
    SMS("sms", Method.SMS);

    private final String wireName;
    private final Method method;

    Channel(String wireName, Method method) {
        this.wireName = wireName;
        this.method = method;
    }

    public Method method() {
        return method;
    }

    @JsonValue
    @Override
    public String toString() {
        return wireName;
    }
}
