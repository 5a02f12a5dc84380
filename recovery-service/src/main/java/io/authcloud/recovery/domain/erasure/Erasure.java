package io.authcloud.recovery.domain.erasure;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One "erase everything about me": asked with a recent sign-in, started by the person's second factor on the
 * phone that asked, finished when all four services confirmed they deleted the person's data. It names the
 * person by {@code subjectHash}; {@code owner} and {@code deviceId} are cleared when it completes.
 */
@Entity
@Table(name = "erasure")
public class Erasure extends PanacheEntityBase {

    @Schema(name = "ErasureState")
    public enum State {
        SECOND_FACTOR_REQUIRED, REPLACED, ERASING, COMPLETED,
        /** Never stored: a SECOND_FACTOR_REQUIRED erasure whose second factor did not come in time. */
        EXPIRED
    }

    /** The services that must confirm, in the order the answer lists them. */
    public static final List<String> SERVICES = List.of("recovery-service", "backup-service", "verification-service",
            "notification-service");

    @Id
    public UUID id;

    public String subjectHash;

    public String owner;

    public String deviceId;

    @Enumerated(EnumType.STRING)
    public State state;

    public Instant requestedAt;

    public Instant expiresAt;

    public String provedBy;

    public Instant provedAt;

    public Instant recoveryErasedAt;

    public Instant backupErasedAt;

    public Instant verificationErasedAt;

    public Instant notificationErasedAt;

    /** When ErasureRequested was last written (the first time, or a retry for the services still missing). */
    public Instant askedAt;

    public int requests;

    public Instant completedAt;

    public State stateAt(Instant now) {
        return state == State.SECOND_FACTOR_REQUIRED && now.isAfter(expiresAt) ? State.EXPIRED : state;
    }

    /** When {@code service} confirmed, or null. */
    public Instant erasedAt(String service) {
        return switch (service) {
            case "recovery-service" -> recoveryErasedAt;
            case "backup-service" -> backupErasedAt;
            case "verification-service" -> verificationErasedAt;
            case "notification-service" -> notificationErasedAt;
            default -> throw new IllegalArgumentException("No service " + service + " takes part in an erasure");
        };
    }

    /** Records {@code service}'s confirmation; false when it had confirmed already. */
    boolean confirm(String service, Instant at) {
        if (erasedAt(service) != null) {
            return false;
        }
        switch (service) {
            case "recovery-service" -> recoveryErasedAt = at;
            case "backup-service" -> backupErasedAt = at;
            case "verification-service" -> verificationErasedAt = at;
            default -> notificationErasedAt = at;
        }
        return true;
    }

    /** The services that have not confirmed yet. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String service : SERVICES) {
            if (erasedAt(service) == null) {
                missing.add(service);
            }
        }
        return missing;
    }
}
