package io.authcloud.backup;

import static io.authcloud.backup.BackupApi.as;
import static io.authcloud.backup.BackupApi.create;
import static io.authcloud.backup.BackupApi.freshStorageAccount;
import static io.authcloud.backup.BackupApi.iosBody;
import static io.authcloud.backup.BackupApi.path;
import static io.authcloud.backup.BackupApi.randomCiphertext;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;

import io.authcloud.testing.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only the owner reaches a backup; for anyone else it does not exist, and a tenant admin reads none. */
@QuarkusTest
class BackupOwnershipTest extends BackupTestBase {

    private String account;

    @BeforeEach
    void aliceHasABackup() {
        account = freshStorageAccount();
        create("alice", account, randomCiphertext(64)).then().statusCode(201);
    }

    @Test
    void anotherPersonGets404ForEveryOperationNever403() {
        String location = path("icloud", account);
        as("bob").get(location).then().statusCode(404).body("type", endsWith("/backup-not-found"));
        as("bob").get(location + "/versions").then().statusCode(404);
        as("bob").get(location + "/versions/1").then().statusCode(404);
        as("bob").delete(location).then().statusCode(404);
        as("bob").post(location + "/restore").then().statusCode(404);
        as("bob").contentType("application/json").header("If-Match", "\"1\"").body(iosBody(randomCiphertext(8)))
                .put(location).then().statusCode(412);
        as("alice").get(location).then().statusCode(200).header("ETag", "\"1\"");
    }

    @Test
    void anotherPersonCreatingTheSameLocationGetsTheirOwnBackup() {
        create("bob", account, randomCiphertext(32)).then().statusCode(201);
        as("bob").get(path("icloud", account)).then().statusCode(200)
                .body("sizeBytes", org.hamcrest.Matchers.equalTo(32));
        as("alice").get(path("icloud", account)).then().statusCode(200)
                .body("sizeBytes", org.hamcrest.Matchers.equalTo(64));
    }

    @Test
    void aTenantAdminReadsAndWritesNoBackupAtAll() {
        RequestSpecification carol = given().auth().oauth2(KeycloakTokens.password("carol"));
        carol.get("/v1/backups").then().statusCode(403).body("type", endsWith("/forbidden"));
        given().auth().oauth2(KeycloakTokens.password("carol")).get(path("icloud", account)).then().statusCode(403);
        given().auth().oauth2(KeycloakTokens.password("carol")).contentType("application/json")
                .header("If-None-Match", "*").body(iosBody(randomCiphertext(8)))
                .put(path("icloud", freshStorageAccount())).then().statusCode(403);
    }

    @Test
    void refusesCallsWithoutAValidToken() {
        String location = path("icloud", account);
        given().get(location).then().statusCode(401);
        given().auth().oauth2(KeycloakTokens.expired("alice")).get(location).then().statusCode(401);
        given().auth().oauth2(KeycloakTokens.wrongAudience("alice")).get(location).then().statusCode(401);
        given().auth().oauth2(KeycloakTokens.otherIssuer()).get(location).then().statusCode(401);
        given().contentType("application/json").header("If-None-Match", "*").body(iosBody(randomCiphertext(8)))
                .put(path("icloud", freshStorageAccount())).then().statusCode(401);
    }
}
