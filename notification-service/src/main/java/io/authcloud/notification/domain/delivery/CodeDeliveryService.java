package io.authcloud.notification.domain.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.clients.MailSender;
import io.authcloud.notification.clients.sms.SmsSender;
import io.authcloud.notification.config.Selected;
import io.authcloud.notification.config.SmsConfig;
import io.authcloud.notification.events.OtpDeliveryRequested;
import io.authcloud.platform.inbox.IncomingEvent;
import io.authcloud.platform.observability.Outcomes;
import io.authcloud.platform.privacy.DestinationMask;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Delivers one-time codes from {@code notification-requests}: drops a request whose code has expired
 * (unread), otherwise decrypts it and sends the code by email or SMS (the texts are Qute templates under
 * {@code templates/codes}), with retries; after the last retry the request goes to
 * {@code notification-requests-dlq}. Every request leaves a delivery record.
 */
@ApplicationScoped
@Startup
public class CodeDeliveryService {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final CodeDecrypter decrypter;
    private final MailSender mail;
    private final SmsSender sms;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final Template accountMail;
    private final Template accountSms;
    private final Template keyReleaseMail;
    private final Template keyReleaseSms;
    private final Template transferMail;
    private final Template transferSms;
    private final Template erasureMail;
    private final Template erasureSms;
    private final Outcomes outcomes;

    public CodeDeliveryService(CodeDecrypter decrypter, MailSender mail, Instance<SmsSender> smsSenders, SmsConfig smsConfig,
            ObjectMapper objectMapper, Clock clock, Outcomes outcomes, @Location("codes/account-mail.txt") Template accountMail,
            @Location("codes/account-sms.txt") Template accountSms,
            @Location("codes/key-release-mail.txt") Template keyReleaseMail,
            @Location("codes/key-release-sms.txt") Template keyReleaseSms,
            @Location("codes/transfer-mail.txt") Template transferMail,
            @Location("codes/transfer-sms.txt") Template transferSms,
            @Location("codes/erasure-mail.txt") Template erasureMail,
            @Location("codes/erasure-sms.txt") Template erasureSms) {
        this.decrypter = decrypter;
        this.mail = mail;
        this.sms = Selected.one(smsSenders, "authcloud.sms.mode", smsConfig.mode(), "twilio or file");
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.accountMail = accountMail;
        this.accountSms = accountSms;
        this.keyReleaseMail = keyReleaseMail;
        this.keyReleaseSms = keyReleaseSms;
        this.transferMail = transferMail;
        this.transferSms = transferSms;
        this.erasureMail = erasureMail;
        this.erasureSms = erasureSms;
        this.outcomes = outcomes;
    }

    /** What happened to a request: sent (with the masked destination) or dropped because expired. */
    public record Outcome(OtpDeliveryRequested request, Delivery.Status status, String destinationMasked) {
    }

    /** Sends the code of one request, unless it expired on the way. */
    public Uni<Outcome> deliver(IncomingEvent event) {
        OtpDeliveryRequested request = read(event);
        Instant now = clock.instant();
        if (!now.isBefore(request.expiresAt())) {
            Log.infof("Code delivery %s for verification %s dropped: the code expired at %s", event.id(),
                    request.verificationId(), request.expiresAt());
            return Uni.createFrom().item(new Outcome(request, Delivery.Status.DROPPED_EXPIRED, null));
        }
        OtpDelivery delivery = decrypter.decrypt(request.jwe());
        String purpose = delivery.purposeOrDefault();
        Template mailText = switch (purpose) {
            case OtpDelivery.KEY_RELEASE -> keyReleaseMail;
            case OtpDelivery.TRANSFER -> transferMail;
            case OtpDelivery.ERASURE -> erasureMail;
            default -> accountMail;
        };
        Template smsText = switch (purpose) {
            case OtpDelivery.KEY_RELEASE -> keyReleaseSms;
            case OtpDelivery.TRANSFER -> transferSms;
            case OtpDelivery.ERASURE -> erasureSms;
            default -> accountSms;
        };
        String subject = switch (purpose) {
            case OtpDelivery.KEY_RELEASE -> "Your code to release your authenticator backup key";
            case OtpDelivery.TRANSFER -> "Your code to move your authenticator backup";
            case OtpDelivery.ERASURE -> "Your code to erase everything authcloud keeps about you";
            default -> "Your authcloud verification code";
        };
        Uni<Void> sent = switch (delivery.channel()) {
            case "email" -> mail.send(delivery.destination(), subject, text(mailText, delivery));
            case "sms" -> sms.send(delivery.destination(), text(smsText, delivery));
            default -> Uni.createFrom().failure(new CodeDecrypter.UndeliverableRequest("Unknown channel " + delivery.channel()));
        };
        return sent.replaceWith(new Outcome(request, Delivery.Status.SENT, DestinationMask.of(delivery.channel(), delivery.destination())))
                .invoke(() -> Log.infof("Code for verification %s (%s) sent by %s", request.verificationId(),
                        delivery.purposeOrDefault(), delivery.channel()))
                .invoke(() -> countDelivery(delivery.channel(), "sent"))
                .onFailure().invoke(() -> countDelivery(delivery.channel(), "failed"));
    }

    /** {@code authcloud_otp_deliveries_total{channel, outcome}}, per try that reached a provider. */
    private void countDelivery(String channel, String outcome) {
        outcomes.count("otp.deliveries", "channel", "email".equals(channel) || "sms".equals(channel) ? channel : "other",
                "outcome", outcome);
    }

    private static String text(Template template, OtpDelivery delivery) {
        return template.data("code", delivery.code())
                .data("expiresAt", TIME.format(delivery.expiresAt()))
                .data("device", delivery.deviceId() == null ? "a new device" : "device " + delivery.deviceId())
                .render();
    }

    /** Keeps the record of a request that was handled (in the transaction that marks its event handled). */
    @WithTransaction
    public Uni<Void> record(IncomingEvent event, Outcome outcome) {
        Delivery delivery = newDelivery(event.id(), outcome.request());
        delivery.status = outcome.status();
        delivery.destinationMasked = outcome.destinationMasked();
        delivery.attempts = Delivery.Status.SENT == outcome.status() ? 1 : 0;
        delivery.completedAt = clock.instant();
        return delivery.persist().replaceWithVoid();
    }

    /** Keeps the record of a request that goes to the dead-letter topic. */
    @WithTransaction
    public Uni<Void> recordFailure(IncomingEvent event, Throwable failure) {
        OtpDeliveryRequested failed;
        try {
            failed = read(event);
        } catch (RuntimeException unreadable) {
            return Uni.createFrom().voidItem();
        }
        return Delivery.<Delivery>findById(event.id()).flatMap(existing -> {
            Delivery delivery = existing != null ? existing : newDelivery(event.id(), failed);
            delivery.status = Delivery.Status.FAILED;
            delivery.attempts = delivery.attempts + 1;
            Log.warnf("Code delivery %s for verification %s failed after retries: %s", event.id(),
                    failed.verificationId(), failure.getClass().getSimpleName());
            delivery.lastError = failure.getClass().getSimpleName();
            delivery.completedAt = clock.instant();
            return existing != null ? Uni.createFrom().voidItem() : delivery.persist().replaceWithVoid();
        });
    }

    private Delivery newDelivery(String eventId, OtpDeliveryRequested request) {
        Delivery delivery = new Delivery();
        delivery.eventId = eventId;
        delivery.verificationId = request.verificationId();
        delivery.owner = request.owner();
        delivery.channel = request.channel();
        delivery.createdAt = clock.instant();
        return delivery;
    }

    private OtpDeliveryRequested read(IncomingEvent event) {
        try {
            return objectMapper.readValue(event.data(), OtpDeliveryRequested.class);
        } catch (JsonProcessingException e) {
            throw new CodeDecrypter.UndeliverableRequest("The delivery request is not readable JSON");
        }
    }
}
