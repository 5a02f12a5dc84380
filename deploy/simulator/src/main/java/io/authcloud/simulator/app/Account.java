package io.authcloud.simulator.app;

/**
 * An account in the app. Third-party accounts hold their TOTP secret. Personal and work/school accounts
 * hold, once verified on this phone, a device-bound credential: its id, the device's private key and,
 * for a personal account, a TOTP secret unique to this phone. Those never go into a backup.
 */
public record Account(String kind, String issuer, String name, String accountRef, String tenant, String secret,
        String credentialId, String privateKey) {

    public static final String THIRD_PARTY = "third-party";
    public static final String PERSONAL = "personal";

    public boolean pushEnabled() {
        return !THIRD_PARTY.equals(kind);
    }

    public boolean hasCredential() {
        return credentialId != null;
    }

    /** How the account looks in a backup: device-bound parts left out. */
    public Account forBackup() {
        return pushEnabled() ? new Account(kind, issuer, name, accountRef, tenant, null, null, null) : this;
    }

    public Account withCredential(String credentialId, String privateKey, String secret) {
        return new Account(kind, issuer, name, accountRef, tenant, secret, credentialId, privateKey);
    }

    public String label() {
        return (issuer == null || issuer.isBlank() ? "" : issuer + ": ") + name;
    }
}
