package io.authcloud.recovery.saga;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Follows the saga's events: verification-service's VerificationSucceeded and VerificationFailed, and
 * notification-service's PushCredentialIssued. Each event is applied once, in any order.
 */
@ApplicationScoped
public class SagaConsumers {

    private static final String VERIFICATIONS = "recovery-saga-verifications";
    private static final String CREDENTIALS = "recovery-saga-credentials";

    /** What the saga reads of a verification event (tolerant reader). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VerificationFact(UUID verificationId, String owner, UUID recoveryId, String accountRef, String deviceId,
            String method, String tenant, Instant verifiedAt, Instant failedAt) {
    }

    /** What the saga reads of PushCredentialIssued. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CredentialFact(UUID credentialId, String owner, String accountRef, String kind, String tenant, String deviceId,
            UUID verificationId, UUID recoveryId) {
    }

    private final EventInbox inbox;
    private final RecoveryService recoveries;
    private final ObjectMapper objectMapper;

    public SagaConsumers(EventInbox inbox, RecoveryService recoveries, ObjectMapper objectMapper) {
        this.inbox = inbox;
        this.recoveries = recoveries;
        this.objectMapper = objectMapper;
    }

    @Incoming("verification-events")
    public Uni<Void> onVerificationEvent(Message<String> message) {
        return inbox.handle(VERIFICATIONS, message, event -> {
            if (event.type().endsWith(".VerificationSucceeded")) {
                VerificationFact fact = read(event, VerificationFact.class);
                require(event, fact.owner(), fact.accountRef(), fact.deviceId(), fact.method());
                return recoveries.verified(fact.owner(), fact.recoveryId(), fact.deviceId(), fact.accountRef(),
                        fact.verificationId(), Proof.ofVerification(fact.method(), fact.tenant()));
            }
            if (event.type().endsWith(".VerificationFailed")) {
                VerificationFact fact = read(event, VerificationFact.class);
                require(event, fact.owner());
                return new VerificationFailure(event.id(), fact.owner(),
                        fact.failedAt() != null ? fact.failedAt() : event.time()).persist();
            }
            return Uni.createFrom().voidItem();
        });
    }

    @Incoming("credential-events")
    public Uni<Void> onCredentialEvent(Message<String> message) {
        return inbox.handle(CREDENTIALS, message, event -> {
            if (!event.type().endsWith(".PushCredentialIssued")) {
                return Uni.createFrom().voidItem();
            }
            CredentialFact fact = read(event, CredentialFact.class);
            require(event, fact.owner(), fact.accountRef(), fact.deviceId(), fact.kind());
            return recoveries.credentialIssued(fact.owner(), fact.recoveryId(), fact.deviceId(), fact.accountRef(),
                    fact.verificationId(), fact.credentialId(), Proof.ofCredential(fact.kind(), fact.tenant()));
        });
    }

    private <T> T read(IncomingEvent event, Class<T> type) {
        try {
            return objectMapper.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unreadable " + event.type() + " " + event.id());
        }
    }

    private static void require(IncomingEvent event, String... fields) {
        for (String field : fields) {
            if (field == null || field.isBlank()) {
                throw new IllegalArgumentException(event.type() + " " + event.id() + " lacks a required field");
            }
        }
    }
}
