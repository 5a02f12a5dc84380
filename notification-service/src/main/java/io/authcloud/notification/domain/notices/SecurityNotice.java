package io.authcloud.notification.domain.notices;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A security notice that was mailed, with the hash of its single-use "this wasn't me" token. */
@Entity
@Table(name = "security_notice")
public class SecurityNotice extends PanacheEntityBase {

    /** The kinds of notice that carry a "this wasn't me" link. */
    public static final String RECOVERY_STARTED = "recovery-started";
    public static final String KEY_RELEASE = "key-release";
    public static final String RECOVERY = "recovery";
    public static final String CREDENTIAL = "credential";
    /** The notices of one recovery, the first of which says when it started. */
    public static final List<String> OF_A_RECOVERY = List.of(RECOVERY_STARTED, KEY_RELEASE, RECOVERY);

    @Id
    public UUID id;

    public String owner;

    /**
     * {@code recovery-started}, {@code key-release}, {@code recovery} (accounts recovered on a new device) or
     * {@code credential} (a credential added).
     */
    public String kind;

    public String eventId;

    public UUID recoveryId;

    public UUID credentialId;

    public String deviceId;

    public String tokenHash;

    public Instant createdAt;

    public Instant expiresAt;

    public Instant usedAt;

    /** Since when what the notice reports happened: "this wasn't me" revokes every credential issued from then on. */
    public Instant since;

    /** {@link #since}, or for a notice written before it existed, the notice's own time. */
    public Instant sinceOrCreated() {
        return since != null ? since : createdAt;
    }
}
