package io.authcloud.notification.clients.sms;

import io.authcloud.notification.config.SmsConfig;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Sends SMS through a Twilio-compatible provider, with timeout, retries and a circuit breaker. */
@ApplicationScoped
@LookupIfProperty(name = "authcloud.sms.mode", stringValue = "twilio")
public class TwilioSmsSender implements SmsSender {

    private final TwilioClient client;
    private final SmsConfig config;

    public TwilioSmsSender(@RestClient TwilioClient client, SmsConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 250)
    @ExponentialBackoff(factor = 2, maxDelay = 4000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Uni<Void> send(String phoneNumber, String text) {
        String sid = config.accountSid().orElseThrow(() -> new IllegalStateException("authcloud.sms.account-sid is not set"));
        String token = config.authToken().orElseThrow(() -> new IllegalStateException("authcloud.sms.auth-token is not set"));
        String basic = "Basic " + Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
        return client.send(sid, basic, phoneNumber, config.from(), text).replaceWithVoid();
    }
}
