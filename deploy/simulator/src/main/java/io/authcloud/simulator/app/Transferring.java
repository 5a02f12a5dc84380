package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** What a phone does to move a backup to another storage location: ask, prove a second factor, wait. {@link Phone} answers for it. */
final class Transferring {

    // Each method is documented where the app calls it: Phone.

    private static final String WAITING = "SECOND_FACTOR_REQUIRED";

    private final Phone phone;

    Transferring(Phone phone) {
        this.phone = phone;
    }

    public JsonNode transfer(String sourceProvider, String sourceAccount, String targetProvider, String targetAccount,
            String channel, Function<JsonNode, String> codeReader) {
        JsonNode transfer = requestTransfer(sourceProvider, sourceAccount, targetProvider, targetAccount);
        if (WAITING.equals(transfer.get("state").asText())) {
            proveTransferByCode(transfer.get("id").asText(), channel, codeReader);
        }
        return awaitTransfer(transfer, Duration.ofSeconds(60));
    }

    public JsonNode requestTransfer(String sourceProvider, String sourceAccount, String targetProvider, String targetAccount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targetProvider", targetProvider);
        body.put("targetStorageAccount", targetAccount);
        body.put("deviceId", phone.state.deviceId);
        return phone.withStepUp(() -> phone.api().post(transfers(sourceProvider, sourceAccount), body).body());
    }

    public JsonNode proveTransferByCode(String transferId, String channel, Function<JsonNode, String> codeReader) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purpose", "transfer");
        body.put("transferId", transferId);
        body.put("deviceId", phone.state.deviceId);
        body.put("channel", channel);
        JsonNode verification = phone.withStepUp(() -> phone.api().post("/v1/verifications", body).body());
        String code = codeReader.apply(verification);
        return phone.api().post("/v1/verifications/" + verification.get("id").asText() + "/otp", Map.of("code", code)).body();
    }

    public JsonNode currentTransfer(JsonNode transfer) {
        JsonNode source = transfer.get("source");
        return phone.api().get(transfers(source.get("provider").asText(), source.get("storageAccount").asText()) + "/"
                + transfer.get("id").asText()).body();
    }

    public JsonNode awaitTransfer(JsonNode transfer, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode current = currentTransfer(transfer);
            if (!WAITING.equals(current.get("state").asText())) {
                return current;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The backup was not moved within " + timeout.toSeconds()
                        + " s: the transfer still waits for its second factor");
            }
            Phone.sleep(Duration.ofMillis(500));
        }
    }

    private static String transfers(String provider, String storageAccount) {
        return "/v1/backups/" + provider + "/" + storageAccount + "/transfers";
    }
}
