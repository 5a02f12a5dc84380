package io.authcloud.verification.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a person proves their identity again: a code by email or SMS, or a tenant's QR activation code. */
public enum Method {
    EMAIL("email"),
    SMS("sms"),
    QR("qr");

    private final String wireName;

    Method(String wireName) {
        this.wireName = wireName;
    }

    public static Method fromWireName(String value) {
        for (Method method : values()) {
            if (method.wireName.equals(value)) {
                return method;
            }
        }
        throw new IllegalArgumentException("Unknown method " + value);
    }

    @JsonValue
    @Override
    public String toString() {
        return wireName;
    }
}
