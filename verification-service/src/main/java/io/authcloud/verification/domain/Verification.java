package io.authcloud.verification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A step-up verification, kept for audit (never with its code): of one account on one device, or the
 * second factor of a recovery's key release (then it names the recovery and no account).
 */
@Entity
@Table(name = "verification")
public class Verification extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The {@code sub} of the person verifying. */
    public String owner;

    @Convert(converter = PurposeConverter.class)
    public Purpose purpose;

    public UUID recoveryId;

    /** The backup transfer a {@code transfer} verification is the second factor of; null otherwise. */
    public UUID transferId;

    /** The erasure an {@code erasure} verification is the second factor of; null otherwise. */
    public UUID erasureId;

    /** The account being proven; null for a key release, which proves the recovery, not an account. */
    public String accountRef;

    public String deviceId;

    @Convert(converter = MethodConverter.class)
    public Method method;

    /** Where the code went, masked ({@code a***e@example.test}); null for QR. */
    /** The tenant whose activation code proved a QR verification; null for email and SMS. */
    public String tenant;

    public String destinationMasked;

    @Enumerated(EnumType.STRING)
    public VerificationStatus status;

    public int failedAttempts;

    public int sends;

    public Instant createdAt;

    public Instant lastSentAt;

    public Instant expiresAt;

    public Instant completedAt;

    public boolean isPending() {
        return status == VerificationStatus.PENDING;
    }

    /** Stores {@link Method} by its API name. */
    @jakarta.persistence.Converter
    public static class MethodConverter implements jakarta.persistence.AttributeConverter<Method, String> {
        @Override
        public String convertToDatabaseColumn(Method method) {
            return method == null ? null : method.toString();
        }

        @Override
        public Method convertToEntityAttribute(String value) {
            return value == null ? null : Method.fromWireName(value);
        }
    }

    /** Stores {@link Purpose} by its API name. */
    @jakarta.persistence.Converter
    public static class PurposeConverter implements jakarta.persistence.AttributeConverter<Purpose, String> {
        @Override
        public String convertToDatabaseColumn(Purpose purpose) {
            return purpose == null ? null : purpose.toString();
        }

        @Override
        public Purpose convertToEntityAttribute(String value) {
            return value == null ? null : Purpose.fromWireName(value);
        }
    }
}
