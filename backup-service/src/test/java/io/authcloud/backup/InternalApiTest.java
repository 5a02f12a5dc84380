package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Other authcloud services, and only they, read a person's backups to confirm their catalogue. */
@QuarkusTest
class InternalApiTest extends BackupTestBase {

    @Test
    void aServiceWithClientCredentialsReadsAPersonsBackupsWithoutCiphertext() {
        String account = freshStorageAccount();
        create("alice", account, randomCiphertext(40)).then().statusCode(201);
        String service = KeycloakTokens.clientCredentials("authcloud-services", "authcloud-services-local-secret");

        given().auth().oauth2(service).queryParam("owner", KeycloakTokens.subject("alice")).get("/internal/v1/backups").then()
                .statusCode(200)
                .body("backups.find { it.storageAccount == '" + account + "' }.keyId", equalTo("key-1"))
                .body("backups.find { it.storageAccount == '" + account + "' }", not(hasKey("ciphertext")));
    }

    @Test
    void peopleAndOtherClientsCannotUseIt() {
        given().auth().oauth2(KeycloakTokens.password("alice")).queryParam("owner", KeycloakTokens.subject("bob"))
                .get("/internal/v1/backups").then().statusCode(403);
        given().auth().oauth2(KeycloakTokens.clientCredentials("sign-in-portal", "sign-in-portal-local-secret"))
                .queryParam("owner", KeycloakTokens.subject("bob")).get("/internal/v1/backups").then().statusCode(403);
        given().queryParam("owner", "x").get("/internal/v1/backups").then().statusCode(401);
        given().auth().oauth2(KeycloakTokens.clientCredentials("authcloud-services", "authcloud-services-local-secret"))
                .get("/internal/v1/backups").then().statusCode(400);
    }
}
