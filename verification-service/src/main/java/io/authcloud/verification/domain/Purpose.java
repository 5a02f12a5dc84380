package io.authcloud.verification.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a verification proves: an account on a device (it becomes one credential grant), the second factor
 * of a recovery before its backup key is released (it names the recovery, never an account), or the second
 * factor of a backup's move to another storage location (it names the transfer, never an account), or the
 * second factor of the erasure of everything about the person (it names the erasure).
 */
public enum Purpose {
    ACCOUNT("account"),
    KEY_RELEASE("key-release"),
    TRANSFER("transfer"),
    ERASURE("erasure");

    private final String wireName;

    Purpose(String wireName) {
        this.wireName = wireName;
    }

    public static Purpose fromWireName(String value) {
        for (Purpose purpose : values()) {
            if (purpose.wireName.equals(value)) {
                return purpose;
            }
        }
        throw new IllegalArgumentException("Unknown purpose " + value);
    }

    @JsonValue
    @Override
    public String toString() {
        return wireName;
    }
}
