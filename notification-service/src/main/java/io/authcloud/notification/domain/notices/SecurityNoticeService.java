package io.authcloud.notification.domain.notices;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.clients.MailSender;
import io.authcloud.notification.clients.push.PushDispatcher;
import io.authcloud.notification.clients.push.PushMessage;
import io.authcloud.notification.config.NotificationConfig;
import io.authcloud.notification.domain.credentials.CredentialSecrets;
import io.authcloud.notification.domain.credentials.PushCredential;
import io.authcloud.notification.domain.devices.Device;
import io.authcloud.notification.events.BackupDeleted;
import io.authcloud.notification.events.BackupTransferred;
import io.authcloud.notification.events.ConsumedEvents;
import io.authcloud.notification.events.ErasureFact;
import io.authcloud.notification.events.NotMeReported;
import io.authcloud.notification.events.PushCredentialIssued;
import io.authcloud.notification.events.RecoveryCompleted;
import io.authcloud.notification.events.RecoveryKeyEscrowed;
import io.authcloud.notification.events.RecoveryKeyReleased;
import io.authcloud.notification.events.RecoveryStarted;
import io.authcloud.notification.events.SignInCodesFailing;
import io.authcloud.platform.directory.KeycloakDirectory;
import io.authcloud.platform.erasure.ErasureEvents;
import io.authcloud.platform.inbox.EventHandlers;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.platform.inbox.PoisonEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * Tells the person what happens to their authenticator. A recovery's start (mailed and pushed to their
 * other phones, before any key can leave), the first release of its backup key, its completion and every
 * new credential are mailed with a "this wasn't me" link, which revokes every credential issued since,
 * bars the named device, and signs the person out everywhere. Escrowed keys, deleted backups and
 * relying parties trying too many codes are mailed as plain notices.
 */
@ApplicationScoped
public class SecurityNoticeService {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** A notice ready to mail: its row and its token in clear (only in the mail). */
    public record Prepared(SecurityNotice notice, String token) {
    }

    private final EventHandlers<Prepared> recoveryNotices = EventHandlers.<Prepared>of()
            .on(ConsumedEvents.RECOVERY_STARTED, this::recoveryStarted)
            .on(ConsumedEvents.RECOVERY_KEY_RELEASED, this::keyReleased)
            .on(ConsumedEvents.RECOVERY_COMPLETED, this::recoveryCompleted)
            .on(ConsumedEvents.RECOVERY_KEY_ESCROWED, this::keyEscrowed)
            .on(ErasureEvents.ERASURE_COMPLETED, this::erasureCompleted);
    private final EventHandlers<Prepared> credentialNotices = EventHandlers.<Prepared>of()
            .on(ConsumedEvents.PUSH_CREDENTIAL_ISSUED, this::credentialIssued)
            .on(ConsumedEvents.NOT_ME_REPORTED, this::notMeReported)
            .on(ConsumedEvents.SIGN_IN_CODES_FAILING, this::codesFailing);
    private final EventHandlers<Prepared> backupNotices = EventHandlers.<Prepared>of()
            .on(ConsumedEvents.BACKUP_DELETED, this::backupDeleted)
            .on(ConsumedEvents.BACKUP_TRANSFERRED, this::backupTransferred);

    private final KeycloakDirectory directory;
    private final MailSender mail;
    private final PushDispatcher push;
    private final CredentialSecrets secrets;
    private final NotificationConfig config;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final Engine templates;

    public SecurityNoticeService(KeycloakDirectory directory, MailSender mail, PushDispatcher push, CredentialSecrets secrets,
            NotificationConfig config, ObjectMapper objectMapper, Clock clock, Engine templates) {
        this.directory = directory;
        this.mail = mail;
        this.push = push;
        this.secrets = secrets;
        this.config = config;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.templates = templates;
    }

    /** The notice a record of {@code recovery-events} calls for, if any. */
    public Uni<Prepared> recoveryNotice(IncomingEvent event) {
        return recoveryNotices.apply(event);
    }

    /** The notice a record of {@code credential-events} calls for, if any. */
    public Uni<Prepared> credentialNotice(IncomingEvent event) {
        return credentialNotices.apply(event);
    }

    /** The notice a record of {@code backup-events} calls for, if any. */
    public Uni<Prepared> backupNotice(IncomingEvent event) {
        return backupNotices.apply(event);
    }

    /**
     * A recovery started on a new phone: the person hears of it at once, before any key can leave, by a
     * push to each of their other phones and by mail with a "this wasn't me" link.
     */
    private Uni<Prepared> recoveryStarted(IncomingEvent event) {
        RecoveryStarted started = read(event, RecoveryStarted.class);
        if (started.owner() == null || started.recoveryId() == null || started.deviceId() == null
                || started.startedAt() == null) {
            throw new PoisonEvent("RecoveryStarted " + event.id() + " lacks required fields");
        }
        Prepared prepared = prepare(event, started.owner(), SecurityNotice.Kind.RECOVERY_STARTED, started.recoveryId(), null,
                started.deviceId(), started.startedAt());
        String text = text("recovery-started").data("device", device(started.deviceId(), started.platform()))
                .data("when", TIME.format(started.startedAt())).data("provider", provider(started.provider()))
                .data("storageAccount", started.storageAccount()).data("link", link(prepared.token())).render();
        PushMessage notice = new PushMessage(PushMessage.Kind.SECURITY_NOTICE, "A recovery of your authenticator was started",
                "Someone started recovering your authenticator on " + phone(started.platform()) + " (device "
                        + started.deviceId() + "). If it wasn't you, open the mail we sent you and tap \"this wasn't me\".",
                Map.of("type", "security-notice", "notice", "recovery-started", "recoveryId", started.recoveryId().toString(),
                        "deviceId", started.deviceId(), "platform", started.platform() == null ? "" : started.platform(),
                        "startedAt", started.startedAt().toString()));
        return pushToOtherPhones(started.owner(), started.deviceId(), notice)
                .chain(() -> send(started.owner(), "A recovery of your authenticator was started", text))
                .replaceWith(prepared);
    }

    private Uni<Prepared> keyReleased(IncomingEvent event) {
        RecoveryKeyReleased released = read(event, RecoveryKeyReleased.class);
        if (released.owner() == null || released.recoveryId() == null || released.deviceId() == null
                || released.releasedAt() == null) {
            throw new PoisonEvent("RecoveryKeyReleased " + event.id() + " lacks required fields");
        }
        Instant since = firstOf(released.startedAt(), released.releasedAt(), event.time());
        Prepared prepared = prepare(event, released.owner(), SecurityNotice.Kind.KEY_RELEASE, released.recoveryId(), null,
                released.deviceId(), since);
        String text = text("key-released").data("device", device(released.deviceId(), released.platform()))
                .data("when", TIME.format(released.releasedAt())).data("link", link(prepared.token())).render();
        return send(released.owner(), "Your backup key was sent to a new device", text).replaceWith(prepared);
    }

    private Uni<Prepared> recoveryCompleted(IncomingEvent event) {
        RecoveryCompleted completed = read(event, RecoveryCompleted.class);
        if (completed.owner() == null || completed.recoveryId() == null || completed.deviceId() == null) {
            throw new PoisonEvent("RecoveryCompleted " + event.id() + " lacks required fields");
        }
        Instant when = firstOf(completed.completedAt(), event.time(), clock.instant());
        Prepared prepared = prepare(event, completed.owner(), SecurityNotice.Kind.RECOVERY, completed.recoveryId(), null, completed.deviceId(),
                firstOf(completed.startedAt(), when, null));
        String text = text("recovery-completed").data("device", device(completed.deviceId(), completed.platform()))
                .data("when", TIME.format(when)).data("link", link(prepared.token())).render();
        return send(completed.owner(), "Your accounts were recovered on a new device", text).replaceWith(prepared);
    }

    /** An escrowed key opens the backup: a stolen token must not swap it silently. */
    private Uni<Prepared> keyEscrowed(IncomingEvent event) {
        RecoveryKeyEscrowed escrowed = read(event, RecoveryKeyEscrowed.class);
        if (escrowed.owner() == null) {
            throw new PoisonEvent("RecoveryKeyEscrowed " + event.id() + " names no owner");
        }
        boolean replaced = Boolean.TRUE.equals(escrowed.replaced());
        String text = text("key-escrowed").data("replaced", replaced)
                .data("where", "your backup in " + provider(escrowed.provider()) + ", storage account " + escrowed.storageAccount())
                .data("keyId", escrowed.keyId())
                .data("when", TIME.format(firstOf(escrowed.escrowedAt(), event.time(), clock.instant()))).render();
        return send(escrowed.owner(), replaced ? "Your backup key was replaced" : "A backup key was escrowed", text)
                .onItem().transform(ignored -> (Prepared) null);
    }

    /**
     * The last mail: everything about the person is erased. Its address comes from Keycloak (the identity stays
     * there); nothing of it is kept here.
     */
    private Uni<Prepared> erasureCompleted(IncomingEvent event) {
        ErasureFact completed = read(event, ErasureFact.class);
        if (completed.owner() == null || completed.erasureId() == null) {
            throw new PoisonEvent("ErasureCompleted " + event.id() + " lacks required fields");
        }
        String text = text("erasure-completed")
                .data("when", TIME.format(firstOf(completed.completedAt(), event.time(), clock.instant()))).render();
        return send(completed.owner(), "Everything authcloud kept about you is erased", text)
                .onItem().transform(ignored -> (Prepared) null);
    }

    private Uni<Prepared> backupDeleted(IncomingEvent event) {
        BackupDeleted deleted = read(event, BackupDeleted.class);
        if (deleted.owner() == null) {
            throw new PoisonEvent("BackupDeleted " + event.id() + " names no owner");
        }
        String text = text("backup-deleted").data("provider", provider(deleted.provider()))
                .data("storageAccount", deleted.storageAccount())
                .data("when", TIME.format(firstOf(deleted.deletedAt(), event.time(), clock.instant())))
                .data("restoreUntil", deleted.restoreDeadline() == null ? null : TIME.format(deleted.restoreDeadline())).render();
        return send(deleted.owner(), "Your authenticator backup was deleted", text).onItem().transform(ignored -> (Prepared) null);
    }

    /** A backup was copied to another location (a move to a phone of the other platform): the person is told. */
    private Uni<Prepared> backupTransferred(IncomingEvent event) {
        BackupTransferred moved = read(event, BackupTransferred.class);
        if (moved.owner() == null || moved.targetProvider() == null) {
            throw new PoisonEvent("BackupTransferred " + event.id() + " lacks required fields");
        }
        String text = text("backup-transferred").data("provider", provider(moved.provider()))
                .data("storageAccount", moved.storageAccount())
                .data("targetProvider", provider(moved.targetProvider()))
                .data("targetStorageAccount", moved.targetStorageAccount())
                .data("device", moved.deviceId())
                .data("when", TIME.format(firstOf(moved.transferredAt(), event.time(), clock.instant()))).render();
        return send(moved.owner(), "Your authenticator backup was moved", text).onItem().transform(ignored -> (Prepared) null);
    }

    private Uni<Prepared> credentialIssued(IncomingEvent event) {
        PushCredentialIssued issued = read(event, PushCredentialIssued.class);
        if (issued.owner() == null || issued.credentialId() == null || issued.issuedAt() == null) {
            throw new PoisonEvent("PushCredentialIssued " + event.id() + " lacks required fields");
        }
        return recoveryStartedAt(issued.owner(), issued.recoveryId()).flatMap(recoveryStart -> {
            Prepared prepared = prepare(event, issued.owner(), SecurityNotice.Kind.CREDENTIAL, issued.recoveryId(), issued.credentialId(),
                    issued.deviceId(), recoveryStart != null ? recoveryStart : issued.issuedAt());
            String text = text("credential-issued").data("kind", issued.kind()).data("accountRef", issued.accountRef())
                    .data("device", device(issued.deviceId(), issued.platform())).data("when", TIME.format(issued.issuedAt()))
                    .data("duringRecovery", recoveryStart != null).data("link", link(prepared.token())).render();
            return send(issued.owner(), "A new sign-in credential was added", text).replaceWith(prepared);
        });
    }

    /**
     * The person said "this wasn't me": their sessions end first (a Keycloak failure fails the record,
     * which is retried and finally dead-lettered), then they are told to change their password.
     */
    private Uni<Prepared> notMeReported(IncomingEvent event) {
        NotMeReported reported = read(event, NotMeReported.class);
        if (reported.owner() == null) {
            throw new PoisonEvent("NotMeReported " + event.id() + " names no owner");
        }
        String text = text("not-me-reported").data("revoked", reported.credentialsRevoked())
                .data("since", reported.since() == null ? null : TIME.format(reported.since())).render();
        return directory.signOutEverywhere(reported.owner())
                .invoke(() -> Log.infof("Notice %s: %s signed out everywhere", reported.noticeId(), reported.owner()))
                .chain(() -> send(reported.owner(), "You were signed out everywhere: change your password now", text))
                .onItem().transform(ignored -> (Prepared) null);
    }

    private Uni<Prepared> codesFailing(IncomingEvent event) {
        SignInCodesFailing failing = read(event, SignInCodesFailing.class);
        if (failing.owner() == null) {
            throw new PoisonEvent("SignInCodesFailing " + event.id() + " names no owner");
        }
        String text = text("codes-failing").data("failures", failing.failures())
                .data("period", "consecutive".equals(failing.limit()) ? "in a row" : "day".equals(failing.limit()) ? "today"
                        : "within 5 minutes")
                .data("when", TIME.format(firstOf(failing.detectedAt(), event.time(), clock.instant()))).render();
        return send(failing.owner(), "Someone is trying sign-in codes for your account", text).onItem().transform(ignored -> (Prepared) null);
    }

    /** When the person's recovery {@code recoveryId} started, as its notices say; null when unknown. */
    private static Uni<Instant> recoveryStartedAt(String owner, UUID recoveryId) {
        if (recoveryId == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> SecurityNotice.find("select min(coalesce(since, createdAt)) from SecurityNotice"
                        + " where owner = ?1 and recoveryId = ?2 and kind in ?3",
                owner, recoveryId, SecurityNotice.Kind.OF_A_RECOVERY).project(Instant.class).firstResult());
    }

    /** Pushes to every registered phone of the person holding an active credential, except {@code exceptDeviceId}, each on its own. */
    private Uni<Void> pushToOtherPhones(String owner, String exceptDeviceId, PushMessage message) {
        return Panache.withSession(() -> PushCredential.find("select distinct deviceId from PushCredential"
                                + " where owner = ?1 and status = ?2 and deviceId <> ?3", owner, PushCredential.Status.ACTIVE,
                                exceptDeviceId)
                        .project(String.class).list()
                        .flatMap(deviceIds -> Multi.createFrom().iterable(deviceIds)
                                .onItem().transformToUniAndConcatenate(deviceId -> Device.<Device>findById(new Device.Key(owner, deviceId)))
                                .filter(device -> device != null)
                                .collect().asList()))
                .flatMap(devices -> Multi.createFrom().iterable(devices)
                        .onItem().transformToUniAndConcatenate(device -> push.push(device, message)
                                .onFailure().invoke(failure -> Log.warnf("Security notice push to device %s of %s failed: %s",
                                        device.deviceId, owner, failure.getMessage()))
                                .onFailure().recoverWithNull())
                        .collect().asList())
                .replaceWithVoid();
    }

    private Prepared prepare(IncomingEvent event, String owner, SecurityNotice.Kind kind, UUID recoveryId, UUID credentialId,
            String deviceId, Instant since) {
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
        notice.since = since != null ? since : notice.createdAt;
        return new Prepared(notice, token);
    }

    /** Keeps the record of a notice that was mailed (in the transaction that marks its event handled). */
    @WithTransaction
    public Uni<Void> save(IncomingEvent event, Prepared prepared) {
        if (prepared == null) {
            return Uni.createFrom().voidItem();
        }
        Log.infof("Security notice %s (%s) mailed to %s", prepared.notice().id, prepared.notice().kind, prepared.notice().owner);
        return prepared.notice().persist().replaceWithVoid();
    }

    private Uni<Void> send(String owner, String subject, String text) {
        return directory.bySub(owner).map(found -> found.orElse(null)).flatMap(user -> {
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

    /** The mail text of a notice: the Qute template {@code templates/notices/<name>.txt}. */
    private TemplateInstance text(String name) {
        return templates.getTemplate("notices/" + name + ".txt").instance();
    }

    private static String device(String deviceId, String platform) {
        return deviceId + (platform == null ? "" : " (" + platform + ")");
    }

    private static String provider(String provider) {
        return "icloud".equals(provider) ? "iCloud" : "google-drive".equals(provider) ? "Google Drive" : String.valueOf(provider);
    }

    private static String phone(String platform) {
        return "ios".equals(platform) ? "an iPhone" : "android".equals(platform) ? "an Android phone" : "a new phone";
    }

    private static Instant firstOf(Instant first, Instant second, Instant third) {
        return first != null ? first : second != null ? second : third;
    }

    private <T> T read(IncomingEvent event, Class<T> type) {
        return event.read(objectMapper, type);
    }
}
