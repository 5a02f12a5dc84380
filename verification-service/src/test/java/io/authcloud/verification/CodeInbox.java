package io.authcloud.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import io.authcloud.platform.outbox.OutboxRelay;
import io.authcloud.testing.KafkaTap;
import java.io.IOException;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;

/**
 * Reads one-time codes the way notification-service does: from the real notification-requests topic,
 * decrypting the JWE with notification-service's private key. Never prints a code.
 */
final class CodeInbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(20);

    private final KafkaTap tap = KafkaTap.open("notification-requests");
    private final OutboxRelay relay;

    CodeInbox(OutboxRelay relay) {
        this.relay = relay;
    }

    /** The delivery requests of a verification published so far (the relay is run first). */
    List<KafkaTap.Record> requests(String verificationId, int count) {
        relay.publishPending().await().atMost(WAIT);
        return tap.awaitCount(r -> ("verifications/" + verificationId).equals(r.header("ce_subject")), count, WAIT);
    }

    /** The code of the {@code n}-th (1-based) delivery request of a verification. */
    String code(String verificationId, int n) {
        return decrypt(requests(verificationId, n).get(n - 1), NotificationKeys.privateKey()).get("code").asText();
    }

    /** The latest code of a verification with a single delivery so far. */
    String code(String verificationId) {
        return code(verificationId, 1);
    }

    static JsonNode decrypt(KafkaTap.Record request, ECPrivateKey key) {
        try {
            JWEObject jwe = JWEObject.parse(JSON.readTree(request.value()).get("jwe").asText());
            jwe.decrypt(new ECDHDecrypter(key));
            return JSON.readTree(jwe.getPayload().toString());
        } catch (ParseException | IOException e) {
            throw new IllegalStateException("Not a delivery request", e);
        } catch (JOSEException e) {
            throw new IllegalStateException("The delivery request cannot be decrypted with this key", e);
        }
    }

    @Override
    public void close() {
        tap.close();
    }
}
