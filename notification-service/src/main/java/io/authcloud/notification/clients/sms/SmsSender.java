package io.authcloud.notification.clients.sms;

import io.smallrye.mutiny.Uni;

/** Sends a text message to a phone number (E.164). */
public interface SmsSender {

    Uni<Void> send(String phoneNumber, String text);
}
