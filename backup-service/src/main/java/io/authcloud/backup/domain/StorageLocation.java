package io.authcloud.backup.domain;

/** Where a backup lives: a provider and the opaque id of the phone's storage account there. */
public record StorageLocation(Provider provider, String storageAccount) {

    /** What a person reads: {@code iCloud account "abc"}. */
    public String describe() {
        return provider.displayName() + " storage account \"" + storageAccount + "\"";
    }
}
