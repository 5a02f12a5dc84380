package io.authcloud.verification.events;

import io.authcloud.platform.observability.Outcomes;
import io.authcloud.platform.outbox.EventWriter;
import io.authcloud.platform.outbox.Outbox;
import io.authcloud.verification.domain.Channel;
import io.authcloud.verification.domain.Method;
import io.authcloud.verification.domain.Purpose;
import io.authcloud.verification.domain.Verification;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Writes verification events and code delivery requests into the outbox, in the caller's transaction. */
@ApplicationScoped
public class VerificationEvents extends EventWriter {

    public static final String TOPIC = "verification-events";
    public static final String DELIVERY_TOPIC = "notification-requests";
    public static final String TYPE_PREFIX = "io.authcloud.verification.";

    private final NotificationEncrypter encrypter;
    private final Outcomes outcomes;

    public VerificationEvents(Outbox outbox, NotificationEncrypter encrypter, Outcomes outcomes) {
        super(outbox, TYPE_PREFIX);
        this.encrypter = encrypter;
        this.outcomes = outcomes;
    }

    public Uni<UUID> started(Verification v) {
        return append(TOPIC, v, new VerificationStarted(v.id, v.owner, v.purpose, v.recoveryId, v.transferId, v.erasureId,
                v.accountRef, v.deviceId, v.method, v.createdAt, v.expiresAt));
    }

    public Uni<UUID> succeeded(Verification v) {
        count(v.method, "succeeded");
        return append(TOPIC, v, new VerificationSucceeded(v.id, v.owner, v.purpose, v.recoveryId, v.transferId, v.erasureId,
                v.accountRef, v.deviceId, v.method, v.tenant, v.completedAt));
    }

    public Uni<UUID> failed(Verification v, int attemptsLeft, Instant at) {
        count(v.method, "failed");
        return append(TOPIC, v, new VerificationFailed(v.id, v.owner, v.purpose, v.recoveryId, v.transferId, v.erasureId,
                v.accountRef, v.deviceId, v.method, attemptsLeft, at));
    }

    public Uni<UUID> locked(Verification v) {
        count(v.method, "locked");
        return append(TOPIC, v, new VerificationLocked(v.id, v.owner, v.purpose, v.recoveryId, v.transferId, v.erasureId,
                v.accountRef, v.deviceId, v.method, v.completedAt));
    }

    public Uni<UUID> expired(Verification v) {
        count(v.method, "expired");
        return append(TOPIC, v, new VerificationExpired(v.id, v.owner, v.purpose, v.recoveryId, v.transferId, v.erasureId,
                v.accountRef, v.deviceId, v.method, v.completedAt));
    }

    /** Asks for delivery of {@code code}, encrypted for notification-service, on a short-retention topic. */
    public Uni<UUID> deliveryRequested(Verification v, Channel channel, String destination, String code) {
        String jwe = encrypter.encrypt(new OtpDelivery(v.id, channel, destination, code, v.expiresAt,
                v.purpose, v.deviceId));
        return append(DELIVERY_TOPIC, v, new OtpDeliveryRequested(v.id, v.owner, channel, v.expiresAt, jwe));
    }

    /** A refused activation code is a failure without a verification: it still counts against the person. */
    public Uni<UUID> activationRefused(String owner, String accountRef, String deviceId, Instant at) {
        count(Method.QR, "failed");
        VerificationFailed event = new VerificationFailed(null, owner, Purpose.ACCOUNT, null, null, null, accountRef, deviceId,
                Method.QR, 0, at);
        return append(TOPIC, owner, "qr-activations", event);
    }

    /** The person's verifications are erased (an erasure's confirmation); forgotten by the outbox once published. */
    public Uni<UUID> dataErased(UUID erasureId, String owner, Instant erasedAt) {
        return appendForgotten(TOPIC, owner, "erasures/" + erasureId, new VerificationDataErased(erasureId, owner, erasedAt));
    }

    /** {@code authcloud_verifications_total{method, outcome}}: counted where the outcome's event is written. */
    private void count(Method method, String outcome) {
        outcomes.count("verifications", "method", String.valueOf(method).toLowerCase(Locale.ROOT), "outcome", outcome);
    }

    public static String subject(Verification v) {
        return "verifications/" + v.id;
    }

    private Uni<UUID> append(String topic, Verification v, Record event) {
        return append(topic, v.owner, subject(v), event);
    }
}
