package io.authcloud.recovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.testing.KafkaPublisher;
import io.authcloud.testing.KafkaTap;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContractTest {

    @Test
    void theOpenApiDocumentDescribesEveryEndpointAndProblem() {
        JsonPath openApi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(openApi.getMap("paths")).containsKeys("/v1/recoveries", "/v1/recoveries/{id}",
                "/v1/recoveries/{id}/accounts", "/v1/recoveries/{id}/key", "/v1/recoveries/{id}/approvals",
                "/v1/recovery-keys/{provider}/{storageAccount}", "/v1/me");
        // The platform's filter: every error answer is a problem+json, and every /v1 operation lists 401, 403, 500.
        String key = "paths.'/v1/recoveries/{id}/key'.get.responses";
        assertThat(openApi.getMap(key)).containsKeys("401", "403", "404", "409", "423", "500");
        assertThat(openApi.getMap(key + ".'403'.content")).containsKey("application/problem+json");
        assertThat(openApi.getString(key + ".'500'.content.'application/problem+json'.schema.$ref"))
                .isEqualTo("#/components/schemas/Problem");
        assertThat(openApi.getMap("components.schemas")).containsKey("Problem");
        // Problems listed by slug take the catalogue's status, and the listing itself is not published.
        String cancel = "paths.'/v1/recoveries/{id}'.delete.responses";
        assertThat(openApi.getString(cancel + ".'409'.description")).startsWith("recovery-closed");
        assertThat(openApi.getString(cancel + ".'401'.description")).startsWith("step-up-required");
        assertThat(openApi.getString("paths.'/v1/recoveries'.post.responses.'409'.description"))
                .contains("existing-accounts").contains("recovery-in-progress").contains("device-in-use");
        assertThat(openApi.prettify()).doesNotContain("x-problems");
        // Kinds are documented as the API spells them.
        assertThat(openApi.getString("components.schemas.DeclaredAccount.properties.kind.$ref"))
                .isEqualTo("#/components/schemas/AccountKind");
        assertThat(openApi.getList("components.schemas.AccountKind.enum"))
                .containsExactlyInAnyOrder("personal", "work", "school");
        String text = openApi.prettify();
        for (String slug : List.of("existing-accounts", "backup-on-other-platform", "backup-deleted", "backup-not-found",
                "verification-locked", "step-up-required", "recovery-closed", "invalid-request", "forbidden",
                "second-factor-required", "recovery-in-progress", "device-in-use", "no-approving-device", "version-conflict",
                "precondition-required", "rate-limited")) {
            assertThat(text).contains(slug);
        }
    }

    @Test
    void aBackupEventThatCannotBeReadGoesToTheDeadLetterTopic() {
        try (KafkaPublisher kafka = new KafkaPublisher(); KafkaTap dlq = KafkaTap.open("backup-events-dlq")) {
            String id = kafka.publish("backup-events", "someone", "io.authcloud.backup.BackupStored",
                    "/authcloud/backup-service", "backups/x/y", "{\"version\": \"not a number\"}");
            dlq.await(r -> id.equals(r.ceId()), Duration.ofSeconds(30));
            String key = "poison-" + UUID.randomUUID();
            kafka.publishRaw("credential-events", key, "not a cloud event");
            try (KafkaTap credentialDlq = KafkaTap.open("credential-events-dlq")) {
                kafka.publishRaw("credential-events", key, "not a cloud event");
                credentialDlq.await(r -> key.equals(r.key()), Duration.ofSeconds(30));
            }
        }
    }
}
