package io.authcloud.notification.clients.push;

import java.util.Map;

/** A push to one device: a short visible text and the data the app acts on. */
public record PushMessage(String kind, String title, String body, Map<String, String> data) {
}
