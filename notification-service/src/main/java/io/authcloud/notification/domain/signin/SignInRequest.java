package io.authcloud.notification.domain.signin;

import io.authcloud.platform.wire.WireNameColumn;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A relying party asks a person to approve a sign-in on a phone, matching the number it shows; or (kind
 * {@code recovery}) a recovering phone asks the person's other phones to approve its backup key's release.
 */
@Entity
@Table(name = "sign_in_request")
public class SignInRequest extends PanacheEntityBase {

    public enum Status {
        PENDING, APPROVED, DENIED, EXPIRED
    }

    /** A relying party's sign-in, or a recovery's approval (the {@code device} second factor). */
    public enum Kind {
        SIGN_IN, RECOVERY;

        /** Stored as {@code sign-in}, {@code recovery}. */
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

    /** The relying party that asked (its token's {@code azp}): only it may read the request. Null for a recovery. */
    public String clientId;

    /** The username the relying party named; null for a recovery. */
    public String username;

    public String accountRef;

    /** The application the person is signing in to, shown on the phone. */
    public String application;

    /** The two-digit number shown on the sign-in page that the person types on the phone. */
    public int number;

    /** Random bytes (base64url) the device signs with its key. */
    public String challenge;

    @Enumerated(EnumType.STRING)
    public Status status;

    public Instant createdAt;

    public Instant expiresAt;

    public Instant answeredAt;

    /** The tenant of the work or school account asked for; null for a personal account. */
    public String tenant;

    /** The device that answered. */
    public String deviceId;

    /** The recovery a {@code recovery} request belongs to. */
    public UUID recoveryId;

    /** The phone being recovered: its own credentials never answer its approval request. */
    public String recoveringDeviceId;

    public boolean isRecovery() {
        return kind == Kind.RECOVERY;
    }
}
