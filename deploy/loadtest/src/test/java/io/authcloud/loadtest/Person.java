package io.authcloud.loadtest;

import java.util.Locale;

/**
 * One test person ({@code <prefix>-00001}...) as the load test knows them: who they are, their current
 * tokens, and what their phone remembers between requests. Tokens are replaced by {@link TokenKeeper}
 * while the run goes on; the rest is written by the simulation that owns the person.
 */
final class Person {

    final String username;
    final String email;
    final String password;
    final boolean interactive;
    private volatile Tokens tokens;

    /** backup-service's current ETag of this person's backup (BackupStormSimulation). */
    volatile String etag;
    /** The phone that holds this person's push credential, and its private key (PushApprovalSimulation). */
    volatile String deviceId;
    volatile String devicePrivateKey;

    /**
     * @param interactive whether the person signs in as the app does (authorization code with PKCE, which
     *                    step-up accepts) rather than with the password grant (which it refuses)
     */
    Person(String username, String password, boolean interactive) {
        this.username = username;
        this.email = username.toLowerCase(Locale.ROOT) + "@example.test";
        this.password = password;
        this.interactive = interactive;
    }

    Tokens tokens() {
        return tokens;
    }

    void tokens(Tokens tokens) {
        this.tokens = tokens;
    }

    String accessToken() {
        return tokens.accessToken();
    }

    /** This person's own storage location (the storage account is theirs alone). */
    String storageAccount() {
        return "load-" + username;
    }

    String backupPath() {
        return "/v1/backups/icloud/" + storageAccount();
    }

    @Override
    public String toString() {
        return username;
    }
}
