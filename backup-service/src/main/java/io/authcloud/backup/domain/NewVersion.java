package io.authcloud.backup.domain;

/** The content of a write: ciphertext as encrypted on the device, with the metadata the device declares. */
public record NewVersion(byte[] ciphertext, String keyId, int formatVersion, String deviceId, Platform platform,
        Integer accountCount) {
}
