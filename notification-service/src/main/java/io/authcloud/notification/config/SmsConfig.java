package io.authcloud.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How SMS leave the service: a Twilio-compatible provider, or locally a file per phone number. */
@ConfigMapping(prefix = "authcloud.sms")
public interface SmsConfig {

    /** {@code twilio} (a Twilio-compatible HTTP API) or {@code file} (local only). */
    @WithDefault("file")
    String mode();

    /** Where the file sink writes, one file per phone number. */
    @WithDefault("deploy/local/run/sms-outbox")
    String fileDirectory();

    /** The sender number or alphanumeric id. */
    @WithDefault("authcloud")
    String from();

    /** The provider's account id (basic-auth user and part of the path). */
    Optional<String> accountSid();

    /** The provider's auth token (basic-auth password), from a Kubernetes Secret. */
    Optional<String> authToken();
}
