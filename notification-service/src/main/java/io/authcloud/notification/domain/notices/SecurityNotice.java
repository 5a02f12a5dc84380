package io.authcloud.notification.domain.notices;

import io.authcloud.platform.wire.WireNameColumn;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
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

    /**
     * The kinds of notice that carry a "this wasn't me" link: a recovery started, its key released, its
     * accounts recovered on a new device, a credential added. Stored as {@code recovery-started}, ...
     */
    public enum Kind {
        RECOVERY_STARTED, KEY_RELEASE, RECOVERY, CREDENTIAL;

        /** The notices of one recovery, the first of which says when it started. */
        public static final List<Kind> OF_A_RECOVERY = List.of(RECOVERY_STARTED, KEY_RELEASE, RECOVERY);

        @Converter
        public static class Column extends WireNameColumn<Kind> {
            public Column() {
                super(Kind.class);
            }
        }
    }

    @Id
    public UUID id;

    public String owner;

    @Convert(converter = Kind.Column.class)
    public Kind kind;

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
