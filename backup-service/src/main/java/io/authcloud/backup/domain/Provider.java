package io.authcloud.backup.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The cloud storage a backup lives in: each platform has its own; a backup moves to another only by a transfer. */
public enum Provider {
    ICLOUD("icloud", Platform.IOS, "iCloud"),
    GOOGLE_DRIVE("google-drive", Platform.ANDROID, "Google Drive");

    private final String wireName;
    private final Platform platform;
    private final String displayName;

    Provider(String wireName, Platform platform, String displayName) {
        this.wireName = wireName;
        this.platform = platform;
        this.displayName = displayName;
    }

    public static Optional<Provider> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(provider -> provider.wireName.equals(wireName)).findFirst();
    }

    /** The only platform whose devices write to this provider. */
    public Platform platform() {
        return platform;
    }

    public String displayName() {
        return displayName;
    }

    @JsonValue
    @Override
    public String toString() {
        return wireName;
    }
}
