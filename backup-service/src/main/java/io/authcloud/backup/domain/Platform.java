package io.authcloud.backup.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** The operating system of the device that wrote a backup. */
public enum Platform {
    IOS("ios"),
    ANDROID("android");

    private final String wireName;

    Platform(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String toString() {
        return wireName;
    }
}
