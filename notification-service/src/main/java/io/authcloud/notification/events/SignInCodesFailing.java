package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** Relying parties checked too many wrong codes for the person: a limit ({@code window}, {@code day}, {@code consecutive}) was reached. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignInCodesFailing(String owner, String limit, int failures, Instant detectedAt) {
}
