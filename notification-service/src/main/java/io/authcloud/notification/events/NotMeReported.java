package io.authcloud.notification.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** The person followed a "this wasn't me" link: recoveries are cancelled, sessions ended, the person told. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NotMeReported(UUID noticeId, String owner, UUID recoveryId, String deviceId, Instant since,
        int credentialsRevoked, Instant reportedAt) {
}
