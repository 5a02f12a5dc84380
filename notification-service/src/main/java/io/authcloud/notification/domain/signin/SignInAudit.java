package io.authcloud.notification.domain.signin;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One answer to a sign-in request, accepted or refused: who, from which device, what and why. */
@Entity
@Table(name = "sign_in_audit")
public class SignInAudit extends PanacheEntityBase {

    @Id
    public UUID id;

    public UUID requestId;

    public String owner;

    public String deviceId;

    /** {@code APPROVED}, {@code DENIED}, or {@code REFUSED} (the answer itself was not accepted). */
    public String outcome;

    public String reason;

    public Instant at;
}
