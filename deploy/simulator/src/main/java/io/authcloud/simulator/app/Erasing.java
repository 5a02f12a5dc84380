package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** What a phone does to erase everything about its person: ask, prove a second factor, wait. {@link Phone} answers for it. */
final class Erasing {

    // Each method is documented where the app calls it: Phone.

    private static final Set<String> UNDER_WAY = Set.of("SECOND_FACTOR_REQUIRED", "ERASING");

    private final Phone phone;

    Erasing(Phone phone) {
        this.phone = phone;
    }

    public JsonNode eraseEverything(String channel, Function<JsonNode, String> codeReader) {
        JsonNode erasure = requestErasure().body();
        if ("SECOND_FACTOR_REQUIRED".equals(erasure.get("state").asText())) {
            proveErasureByCode(erasure.get("id").asText(), channel, codeReader);
        }
        return awaitErasure(Duration.ofSeconds(90));
    }

    public Http.Response requestErasure() {
        return phone.withStepUp(() -> phone.api().send("DELETE", "/v1/me", Map.of("deviceId", phone.state.deviceId), Map.of()));
    }

    public JsonNode proveErasureByCode(String erasureId, String channel, Function<JsonNode, String> codeReader) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purpose", "erasure");
        body.put("erasureId", erasureId);
        body.put("deviceId", phone.state.deviceId);
        body.put("channel", channel);
        JsonNode verification = phone.withStepUp(() -> phone.api().post("/v1/verifications", body).body());
        String code = codeReader.apply(verification);
        return phone.api().post("/v1/verifications/" + verification.get("id").asText() + "/otp", Map.of("code", code)).body();
    }

    public JsonNode erasure() {
        return phone.api().get("/v1/me/erasure").body();
    }

    public JsonNode awaitErasure(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode current = erasure();
            if (!UNDER_WAY.contains(current.get("state").asText())) {
                return current;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The erasure did not complete within " + timeout.toSeconds() + " s: it is "
                        + current.get("state").asText() + ", services " + current.get("services"));
            }
            Phone.sleep(Duration.ofMillis(500));
        }
    }
}
