package io.authcloud.notification.signin;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A relying party asks a person to approve a sign-in on a phone, matching the number it shows. */
@Entity
@Table(name = "sign_in_request")
public class SignInRequest extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String APPROVED = "APPROVED";
    public static final String DENIED = "DENIED";
    public static final String EXPIRED = "EXPIRED";

    @Id
    public UUID id;

    public String owner;

    public String username;

    @Column(name = "account_ref")
    public String accountRef;

    /** The application the person is signing in to, shown on the phone. */
    public String application;

    /** The two-digit number shown on the sign-in page that the person types on the phone. */
    public int number;

    /** Random bytes (base64url) the device signs with its key. */
    public String challenge;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "answered_at")
    public Instant answeredAt;

    /** The device that answered. */
    /** The tenant of the work or school account asked for; null for a personal account. */
    public String tenant;

    @Column(name = "device_id")
    public String deviceId;
}
