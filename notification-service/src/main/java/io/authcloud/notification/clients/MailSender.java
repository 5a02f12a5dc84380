package io.authcloud.notification.clients;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** Sends mail over SMTP, retrying with exponential backoff when the server hiccups. */
@ApplicationScoped
public class MailSender {

    private final ReactiveMailer mailer;

    public MailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 250)
    @ExponentialBackoff(factor = 2, maxDelay = 4000)
    public Uni<Void> send(String to, String subject, String text) {
        return mailer.send(Mail.withText(to, subject, text));
    }
}
