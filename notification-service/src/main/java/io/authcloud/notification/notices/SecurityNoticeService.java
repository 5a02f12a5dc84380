package io.authcloud.notification.notices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.notification.credentials.CredentialSecrets;
import io.authcloud.notification.credentials.CredentialService;
import io.authcloud.notification.delivery.MailSender;
import io.authcloud.notification.directory.UserDirectory;
import io.authcloud.notification.events.PushCredentialIssued;
import io.authcloud.notification.events.RecoveryCompleted;
import io.authcloud.notification.events.RecoveryKeyReleased;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Mails a security notice when a recovery's backup key is first released, when a recovery completes and
 * for every new credential, each with a "this wasn't me" link that revokes the credentials of that
 * recovery's device (or that credential) and keeps that device from receiving any more.
 */
@ApplicationScoped
public class SecurityNoticeService {

    private static final String RECOVERY_CONSUMER = "notice-recovery";
    private static final String CREDENTIAL_CONSUMER = "notice-credential";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A notice ready to mail: its row and its token in clear (only in the mail). */
    record Prepared(SecurityNotice notice, String token) {
    }

    private final EventInbox inbox;
    private final UserDirectory directory;
    private final MailSender mail;
    private final CredentialSecrets secrets;
    private final CredentialService credentials;
    private final NotificationConfig config;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public SecurityNoticeService(EventInbox inbox, UserDirectory directory, MailSender mail, CredentialSecrets secrets,
            CredentialService credentials, NotificationConfig config, ObjectMapper objectMapper, Clock clock) {
        this.inbox = inbox;
        this.directory = directory;
        this.mail = mail;
        this.secrets = secrets;
        this.credentials = credentials;
        this.config = config;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    @Incoming("recovery-events")
    public Uni<Void> onRecoveryEvent(Message<String> message) {
        return inbox.handleWithEffect(RECOVERY_CONSUMER, message, event -> {
            if (event.type().endsWith(".RecoveryKeyReleased")) {
                return keyReleased(event);
            }
            if (!event.type().endsWith(".RecoveryCompleted")) {
                return Uni.createFrom().nullItem();
            }
            RecoveryCompleted completed = read(event, RecoveryCompleted.class);
            Prepared prepared = prepare(event, completed.owner(), "recovery", completed.recoveryId(), null, completed.deviceId());
            String text = "Your authenticator accounts were recovered on a new device.\n\n"
                    + "Device: " + completed.deviceId() + (completed.platform() == null ? "" : " (" + completed.platform() + ")") + "\n"
                    + "When: " + TIME.format(completed.completedAt()) + "\n\n"
                    + "If this was you, there is nothing to do. If it wasn't you, open this link to revoke every sign-in"
                    + " credential this recovery created, then change your password:\n" + link(prepared.token()) + "\n";
            return send(completed.owner(), "Your accounts were recovered on a new device", text).replaceWith(prepared);
        }, this::save);
    }

    private Uni<Prepared> keyReleased(IncomingEvent event) {
        RecoveryKeyReleased released = read(event, RecoveryKeyReleased.class);
        if (released.owner() == null || released.recoveryId() == null || released.deviceId() == null
                || released.releasedAt() == null) {
            throw new IllegalArgumentException("RecoveryKeyReleased " + event.id() + " lacks required fields");
        }
        Prepared prepared = prepare(event, released.owner(), "key-release", released.recoveryId(), null, released.deviceId());
        String text = "The key to your authenticator backup was sent to a new device, which can now restore your"
                + " accounts.\n\n"
                + "Device: " + released.deviceId() + (released.platform() == null ? "" : " (" + released.platform() + ")") + "\n"
                + "When: " + TIME.format(released.releasedAt()) + "\n\n"
                + "If this was you, there is nothing to do. If it wasn't you, open this link: that device gets no"
                + " sign-in credential, and any it already has are revoked. Then change your password:\n"
                + link(prepared.token()) + "\n";
        return send(released.owner(), "Your backup key was sent to a new device", text).replaceWith(prepared);
    }

    @Incoming("credential-events")
    public Uni<Void> onCredentialEvent(Message<String> message) {
        return inbox.handleWithEffect(CREDENTIAL_CONSUMER, message, event -> {
            if (!event.type().endsWith(".PushCredentialIssued")) {
                return Uni.createFrom().nullItem();
            }
            PushCredentialIssued issued = read(event, PushCredentialIssued.class);
            Prepared prepared = prepare(event, issued.owner(), "credential", issued.recoveryId(), issued.credentialId(),
                    issued.deviceId());
            String text = "A new sign-in credential was added to your " + issued.kind() + " account \"" + issued.accountRef()
                    + "\".\n\nDevice: " + issued.deviceId() + (issued.platform() == null ? "" : " (" + issued.platform() + ")")
                    + "\nWhen: " + TIME.format(issued.issuedAt()) + "\n\n"
                    + "If this was you, there is nothing to do. If it wasn't you, open this link to revoke it"
                    + (issued.recoveryId() == null ? "" : " and every credential of the same recovery")
                    + ", then change your password:\n" + link(prepared.token()) + "\n";
            return send(issued.owner(), "A new sign-in credential was added", text).replaceWith(prepared);
        }, this::save);
    }

    /**
     * "This wasn't me": revokes what the notice's event created. The token works once and for a week.
     *
     * @return how many credentials were revoked
     */
    public Uni<Integer> notMe(String token) {
        String hash = secrets.hashToken(token);
        Instant now = clock.instant();
        return Panache.withTransaction(() -> SecurityNotice.<SecurityNotice>find("tokenHash", hash)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .flatMap(notice -> {
                    if (notice == null || notice.usedAt != null || !now.isBefore(notice.expiresAt)) {
                        throw new ProblemException(ProblemType.NOT_FOUND, "This link is not valid: it was already used,"
                                + " has expired, or was never issued. Revoke devices from the app, or contact support.");
                    }
                    notice.usedAt = now;
                    String reason = "reported by the owner: this wasn't me";
                    // A recovery's credentials: those issued from its verifications and those on its device
                    // (an activation code's verification names no recovery). The device gets no more either.
                    Uni<Integer> byRecovery = notice.recoveryId == null ? Uni.createFrom().item(0)
                            : credentials.revokeWhere("owner = ?1 and (recoveryId = ?2 or deviceId = ?3)", reason,
                                    notice.owner, notice.recoveryId, notice.deviceId);
                    return byRecovery.flatMap(count -> notice.credentialId == null ? Uni.createFrom().item(count)
                            : credentials.revokeWhere("owner = ?1 and id = ?2", reason, notice.owner, notice.credentialId)
                                    .map(more -> count + more))
                            .invoke(count -> Log.infof("Notice %s of %s: 'this wasn't me', %d credentials revoked",
                                    notice.id, notice.owner, count));
                }));
    }

    private Prepared prepare(IncomingEvent event, String owner, String kind, UUID recoveryId, UUID credentialId,
            String deviceId) {
        String token = secrets.newToken();
        SecurityNotice notice = new SecurityNotice();
        notice.id = UUID.randomUUID();
        notice.owner = owner;
        notice.kind = kind;
        notice.eventId = event.id();
        notice.recoveryId = recoveryId;
        notice.credentialId = credentialId;
        notice.deviceId = deviceId;
        notice.tokenHash = secrets.hashToken(token);
        notice.createdAt = clock.instant();
        notice.expiresAt = notice.createdAt.plus(config.noticeLinkValidity());
        return new Prepared(notice, token);
    }

    private Uni<Void> save(IncomingEvent event, Prepared prepared) {
        if (prepared == null) {
            return Uni.createFrom().voidItem();
        }
        Log.infof("Security notice %s (%s) mailed to %s", prepared.notice().id, prepared.notice().kind, prepared.notice().owner);
        return prepared.notice().persist().replaceWithVoid();
    }

    private Uni<Void> send(String owner, String subject, String text) {
        return directory.find(owner).flatMap(user -> {
            if (user == null || user.email() == null) {
                Log.warnf("No email on record for %s: security notice not sent", owner);
                return Uni.createFrom().voidItem();
            }
            return mail.send(user.email(), subject, text);
        });
    }

    /** The token rides in the URL fragment: browsers never send it, so no server or proxy log holds it. */
    private String link(String token) {
        return config.publicUrl() + "/v1/push-credentials/not-me#token=" + token;
    }

    private <T> T read(IncomingEvent event, Class<T> type) {
        try {
            return objectMapper.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unreadable " + type.getSimpleName() + " event " + event.id());
        }
    }
}
