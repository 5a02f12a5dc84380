package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What a phone does to recover a backup: start, prove a second factor, restore. {@link Phone} answers for it. */
final class Recovering {

    // Each method is documented where the app calls it: Phone.

    private final Phone phone;

    Recovering(Phone phone) {
        this.phone = phone;
    }

    public JsonNode startRecovery() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", phone.state.provider());
        body.put("storageAccount", phone.state.storageAccount);
        body.put("deviceId", phone.state.deviceId);
        body.put("platform", phone.state.platform);
        body.put("existingAccountCount", phone.state.accounts.size());
        if (phone.state.recoveryPrivateKey == null) {
            // Made on the phone, once: the server releases the backup key encrypted for it alone.
            DeviceKeys.Generated keys = DeviceKeys.generate();
            phone.state.recoveryPrivateKey = keys.privateKey();
            phone.state.recoveryPublicKey = keys.publicJwk();
            phone.save();
        }
        body.put("devicePublicKey", phone.state.recoveryPublicKey);
        JsonNode recovery = phone.api().post("/v1/recoveries", body).body();
        phone.state.recoveryId = recovery.get("id").asText();
        phone.save();
        return recovery;
    }

    public JsonNode proveByCode(String channel, Function<JsonNode, String> codeReader) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purpose", "key-release");
        body.put("recoveryId", requireRecovery());
        body.put("deviceId", phone.state.deviceId);
        body.put("channel", channel);
        JsonNode verification = phone.withStepUp(() -> phone.api().post("/v1/verifications", body).body());
        String code = codeReader.apply(verification);
        phone.api().post("/v1/verifications/" + verification.get("id").asText() + "/otp", Map.of("code", code));
        return awaitSecondFactor(Duration.ofSeconds(30));
    }

    public JsonNode requestApproval() {
        String id = requireRecovery();
        return phone.withStepUp(() -> phone.api().post("/v1/recoveries/" + id + "/approvals", null).body());
    }

    public void cancelRecovery() {
        String id = requireRecovery();
        phone.withStepUp(() -> phone.api().delete("/v1/recoveries/" + id));
    }

    public JsonNode awaitSecondFactor(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode recovery = recovery();
            JsonNode release = recovery.path("keyRelease");
            if (release.hasNonNull("secondFactor")) {
                return recovery;
            }
            String releaseState = release.path("state").asText();
            if ("LOCKED".equals(releaseState) || "CLOSED".equals(releaseState)) {
                throw new IllegalStateException("The key release of this recovery is " + releaseState.toLowerCase());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("No second factor was proven for this recovery within "
                        + timeout.toSeconds() + " s");
            }
            Phone.sleep(Duration.ofMillis(500));
        }
    }

    private String requireRecovery() {
        if (phone.state.recoveryId == null) {
            throw new IllegalStateException("Start a recovery first");
        }
        return phone.state.recoveryId;
    }

    public JsonNode restore() {
        JsonNode key = phone.withStepUp(() -> phone.api().get("/v1/recoveries/" + phone.state.recoveryId + "/key").body());
        Http.Response blob = phone.api().get("/v1/backups/" + phone.state.provider() + "/" + phone.state.storageAccount);
        String keyId = blob.body().get("keyId").asText();
        if (!keyId.equals(key.get("keyId").asText())) {
            throw new IllegalStateException("The escrowed key " + key.get("keyId").asText() + " is not the backup's key " + keyId);
        }
        byte[] backupKey = DeviceKeys.open(phone.state.recoveryPrivateKey, key.get("wrappedKey").asText());
        String plaintext = BackupCrypto.decrypt(backupKey, keyId, Base64.getDecoder().decode(blob.body().get("ciphertext").asText()));
        JsonNode restored = Json.read(plaintext);
        List<Account> accounts = new ArrayList<>();
        for (JsonNode item : restored.get("accounts")) {
            accounts.add(Json.MAPPER.convertValue(item, Account.class));
        }
        phone.state.accounts = accounts;
        phone.state.backupEtag = blob.etag();
        phone.state.backupKey = Base64.getEncoder().encodeToString(backupKey);
        phone.state.backupKeyId = keyId;
        phone.save();
        List<Map<String, String>> push = new ArrayList<>();
        for (Account account : accounts) {
            if (account.pushEnabled()) {
                Map<String, String> declared = new LinkedHashMap<>();
                declared.put("accountRef", account.accountRef());
                declared.put("kind", account.kind());
                if (account.tenant() != null) {
                    declared.put("tenant", account.tenant());
                }
                push.add(declared);
            }
        }
        return phone.api().put("/v1/recoveries/" + phone.state.recoveryId + "/accounts", Map.of("accounts", push), Map.of()).body();
    }

    public JsonNode recovery() {
        return phone.api().get("/v1/recoveries/" + phone.state.recoveryId).body();
    }
}
