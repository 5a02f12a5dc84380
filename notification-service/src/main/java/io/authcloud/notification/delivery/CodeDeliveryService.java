package io.authcloud.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.config.SmsConfig;
import io.authcloud.notification.events.OtpDeliveryRequested;
import io.authcloud.platform.inbox.EventInbox;
import io.authcloud.platform.inbox.IncomingEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Delivers one-time codes from {@code notification-requests}: drops a request whose code has expired
 * (unread), otherwise decrypts it and sends the code by email or SMS, with retries; after the last retry
 * the request goes to {@code notification-requests-dlq}. Every request leaves a delivery record.
 */
@ApplicationScoped
public class CodeDeliveryService {

    static final String CONSUMER = "code-delivery";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final EventInbox inbox;
    private final CodeDecrypter decrypter;
    private final MailSender mail;
    private final TwilioSmsSender twilio;
    private final FileSmsSender fileSink;
    private final SmsConfig smsConfig;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public CodeDeliveryService(EventInbox inbox, CodeDecrypter decrypter, MailSender mail, TwilioSmsSender twilio,
            FileSmsSender fileSink, SmsConfig smsConfig, ObjectMapper objectMapper, Clock clock) {
        this.inbox = inbox;
        this.decrypter = decrypter;
        this.mail = mail;
        this.twilio = twilio;
        this.fileSink = fileSink;
        this.smsConfig = smsConfig;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /** What happened to a request: sent (with the masked destination) or dropped because expired. */
    record Outcome(OtpDeliveryRequested request, String status, String destinationMasked) {
    }

    @Incoming("notification-requests")
    public Uni<Void> consume(Message<String> message) {
        return inbox.handleWithEffect(CONSUMER, message,
                // Deferred, so a request that cannot even be read or opened still leaves its delivery record.
                event -> Uni.createFrom().deferred(() -> deliver(event)).onFailure().call(failure -> recordFailure(event, failure)),
                this::record);
    }

    private Uni<Outcome> deliver(IncomingEvent event) {
        OtpDeliveryRequested request = read(event);
        Instant now = clock.instant();
        if (!now.isBefore(request.expiresAt())) {
            Log.infof("Code delivery %s for verification %s dropped: the code expired at %s", event.id(),
                    request.verificationId(), request.expiresAt());
            return Uni.createFrom().item(new Outcome(request, Delivery.DROPPED_EXPIRED, null));
        }
        OtpDelivery delivery = decrypter.decrypt(request.jwe());
        Uni<Void> sent = switch (delivery.channel()) {
            case "email" -> delivery.releasesBackupKey()
                    ? mail.send(delivery.destination(), "Your code to release your authenticator backup key", keyReleaseMail(delivery))
                    : mail.send(delivery.destination(), "Your authcloud verification code", accountMail(delivery));
            case "sms" -> sms().send(delivery.destination(), delivery.releasesBackupKey() ? keyReleaseSms(delivery) : accountSms(delivery));
            default -> Uni.createFrom().failure(new CodeDecrypter.UndeliverableRequest("Unknown channel " + delivery.channel()));
        };
        return sent.replaceWith(new Outcome(request, Delivery.SENT, mask(delivery)))
                .invoke(() -> Log.infof("Code for verification %s (%s) sent by %s", request.verificationId(),
                        delivery.purposeOrDefault(), delivery.channel()));
    }

    private static String accountMail(OtpDelivery delivery) {
        return "Your authcloud verification code is " + delivery.code() + ". It expires at "
                + TIME.format(delivery.expiresAt()) + ".\n\nEnter it in the authenticator app on your new phone. If you did"
                + " not ask for this code, someone may be trying to recover your accounts: change your password.";
    }

    private static String accountSms(OtpDelivery delivery) {
        return "authcloud code: " + delivery.code() + " (valid until " + TIME.format(delivery.expiresAt()) + "). Don't share it.";
    }

    /** A key-release code hands the backup key to a phone: the person must know that before giving it to anyone. */
    private static String keyReleaseMail(OtpDelivery delivery) {
        return "Someone \u2014 hopefully you \u2014 is recovering your authenticator backup on " + device(delivery) + ". This"
                + " code releases your backup key to that phone. Never give it to anyone: we will never ask for it.\n\n"
                + "Your code is " + delivery.code() + ". It expires at " + TIME.format(delivery.expiresAt()) + ".\n\n"
                + "If you are not recovering your backup, do not enter the code anywhere and change your password.";
    }

    private static String keyReleaseSms(OtpDelivery delivery) {
        return "authcloud code " + delivery.code() + " releases your backup key to " + device(delivery) + " (valid until "
                + TIME.format(delivery.expiresAt()) + "). Never give it to anyone: we will never ask for it.";
    }

    private static String device(OtpDelivery delivery) {
        return delivery.deviceId() == null ? "a new device" : "device " + delivery.deviceId();
    }

    private Uni<Void> record(IncomingEvent event, Outcome outcome) {
        Delivery delivery = newDelivery(event.id(), outcome.request());
        delivery.status = outcome.status();
        delivery.destinationMasked = outcome.destinationMasked();
        delivery.attempts = Delivery.SENT.equals(outcome.status()) ? 1 : 0;
        delivery.completedAt = clock.instant();
        return delivery.persist().replaceWithVoid();
    }

    /** Keeps the record of a request that goes to the dead-letter topic. */
    private Uni<Void> recordFailure(IncomingEvent event, Throwable failure) {
        OtpDeliveryRequested failed;
        try {
            failed = read(event);
        } catch (RuntimeException unreadable) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> Delivery.<Delivery>findById(event.id()).flatMap(existing -> {
            Delivery delivery = existing != null ? existing : newDelivery(event.id(), failed);
            delivery.status = Delivery.FAILED;
            delivery.attempts = delivery.attempts + 1;
            Log.warnf("Code delivery %s for verification %s failed after retries: %s", event.id(),
                    failed.verificationId(), failure.getClass().getSimpleName());
            delivery.lastError = failure.getClass().getSimpleName();
            delivery.completedAt = clock.instant();
            return existing != null ? Uni.createFrom().voidItem() : delivery.persist().replaceWithVoid();
        })).onFailure().recoverWithNull().replaceWithVoid();
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

    private SmsSender sms() {
        return "twilio".equals(smsConfig.mode()) ? twilio : fileSink;
    }

    private OtpDeliveryRequested read(IncomingEvent event) {
        try {
            return objectMapper.readValue(event.data(), OtpDeliveryRequested.class);
        } catch (JsonProcessingException e) {
            throw new CodeDecrypter.UndeliverableRequest("The delivery request is not readable JSON");
        }
    }

    private static String mask(OtpDelivery delivery) {
        String destination = delivery.destination();
        if ("email".equals(delivery.channel())) {
            int at = destination.lastIndexOf('@');
            return at <= 1 ? "***" + destination.substring(Math.max(at, 0)) : destination.charAt(0) + "***" + destination.substring(at - 1);
        }
        return "***" + destination.substring(Math.max(0, destination.length() - 2));
    }
}
