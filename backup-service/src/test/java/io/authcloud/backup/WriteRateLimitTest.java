package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;

import io.authcloud.backup.config.BackupConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WriteRateLimitTest extends BackupTestBase {

    @Inject
    BackupConfig config;

    @BeforeEach
    void startOfAFreshMinute() {
        long nextMinute = (Instant.now().getEpochSecond() / 60 + 1) * 60;
        clock.set(Instant.ofEpochSecond(nextMinute + 1));
    }

    @Test
    void writesPastThePerMinuteLimitGet429WithRetryAfterUntilTheNextMinute() {
        for (int write = 0; write < config.writesPerMinute(); write++) {
            create("bob", freshStorageAccount(), randomCiphertext(16)).then().statusCode(201);
        }
        String refused = freshStorageAccount();

        Response limited = create("bob", refused, randomCiphertext(16));

        limited.then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", endsWith("/rate-limited"));
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(30, 59);
        BackupApi.as("bob").get(BackupApi.path("icloud", refused)).then().statusCode(404);
        create("alice", freshStorageAccount(), randomCiphertext(16)).then().statusCode(201);

        clock.advance(Duration.ofSeconds(60));
        create("bob", refused, randomCiphertext(16)).then().statusCode(201);
    }
}
