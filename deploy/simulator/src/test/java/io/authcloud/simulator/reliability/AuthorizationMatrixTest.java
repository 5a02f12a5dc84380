package io.authcloud.simulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.RunningStack;
import io.authcloud.simulator.app.Json;
import io.authcloud.simulator.app.Mailbox;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.app.Portal;
import io.authcloud.simulator.app.TenantAdmin;
import io.authcloud.simulator.reliability.ApiOperations.Operation;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The authorization matrix through the gateway: every operation of {@code /v1/openapi.json} × eleven identities —
 * the owner of the objects it names, another person, the tenant admin of the right tenant and of another one, a
 * relying party's sign-in service and another relying party's, and no token, an expired one, a tampered signature, another issuer, another
 * audience. Expected, 100 %: a token that is not valid here is 401 {@code invalid-token}; an identity without the
 * operation's role is 403 {@code forbidden}; someone else's object is 404, never 403; the owner passes the door
 * (whatever the operation then says of the request). Afterwards the owner's objects are as they were.
 */
@ExtendWith(RunningStack.class)
class AuthorizationMatrixTest {

    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();
    private static final Mailbox MAILBOX = new Mailbox(RunningStack.ENDPOINTS.mailbox());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What a request met: refused at the door (401, 403), hidden (404), or let through (anything else below 500). */
    enum Outcome { INVALID_TOKEN, FORBIDDEN, NOT_FOUND, PASSED }

    /** Who calls: a name, the token (null: none), and the roles the token carries. */
    record Identity(String name, Supplier<String> token, Set<String> roles) {
    }

    @Test
    void everyOperationAnswersEveryIdentityAsExpected() throws Exception {
        Owned owned = Owned.make();
        Identity owner = new Identity("owner", owned.owner::accessToken, Set.of("user"));
        Phone otherPhone = phone(KeycloakPeople.create("matrix-other"));
        String bad = owned.owner.accessToken();
        List<Identity> identities = List.of(
                new Identity("another person", otherPhone::accessToken, Set.of("user")),
                new Identity("tenant admin (contoso)", () -> KeycloakTokens.password("carol"), Set.of("tenant-admin")),
                new Identity("tenant admin (fabrikam)", () -> KeycloakTokens.password("erin"), Set.of("tenant-admin")),
                new Identity("sign-in service", () -> KeycloakTokens.clientCredentials("sign-in-portal", "sign-in-portal-local-secret"),
                        Set.of("sign-in-service")),
                new Identity("another relying party", () -> KeycloakTokens.clientCredentials("other-portal", "other-portal-local-secret"),
                        Set.of("sign-in-service")),
                new Identity("no token", () -> null, Set.of()),
                new Identity("expired", () -> KeycloakTokens.expired("bob"), Set.of()),
                new Identity("tampered signature", () -> bad.substring(0, bad.length() - 4) + "AAAA", Set.of()),
                new Identity("another issuer", KeycloakTokens::otherIssuer, Set.of()),
                new Identity("another audience", () -> KeycloakTokens.wrongAudience("bob"), Set.of()));

        List<Operation> operations = ApiOperations.of(ApiOperations.document(GATEWAY + "/v1/openapi.json")).stream()
                .filter(operation -> !operation.roles().isEmpty()) // the "not me" link's two operations take no token
                .toList();
        Map<String, String> before = owned.snapshot();
        List<String> wrong = new ArrayList<>();
        Map<String, Map<String, String>> matrix = new LinkedHashMap<>();
        int asked = 0;
        for (Identity identity : identities) {
            String token = identity.token().get();
            for (Operation operation : operations) {
                Outcome expected = expected(operation, identity);
                Answer answer = send(operation, owned, token);
                matrix.computeIfAbsent(operation.toString(), key -> new LinkedHashMap<>()).put(identity.name(), answer.toString());
                asked++;
                if (answer.outcome() != expected) {
                    wrong.add(operation + " as " + identity.name() + ": expected " + expected + ", got " + answer);
                }
            }
        }
        Map<String, String> after = owned.snapshot();
        // The owner last, and what ends an object at the very end (declaring no accounts completes the recovery, a
        // new one closes it, deletions): everyone else met the objects as they were, and the owner meets each open.
        List<Operation> ownersOrder = operations.stream().sorted(Comparator.comparingInt(operation ->
                operation.toString().equals("PUT /v1/recoveries/{id}/accounts") ? 1
                        : operation.method().equals("DELETE") || operation.toString().equals("POST /v1/recoveries") ? 2 : 0))
                .toList();
        for (Operation operation : ownersOrder) {
            Outcome expected = expected(operation, owner);
            Answer answer = send(operation, owned, owner.token().get());
            matrix.computeIfAbsent(operation.toString(), key -> new LinkedHashMap<>()).put(owner.name(), answer.toString());
            asked++;
            if (answer.outcome() != expected) {
                wrong.add(operation + " as owner: expected " + expected + ", got " + answer);
            }
        }

        // fabrikam's admin learns nothing of contoso's people: an existing one and a made-up name get the same refusal.
        String erin = KeycloakTokens.password("erin");
        Answer existing = issue(erin, owned.contosoPerson);
        Answer unknown = issue(erin, "nobody-" + UUID.randomUUID());
        assertThat(existing).as("fabrikam's admin issuing for a contoso person").isEqualTo(unknown);

        Results.write("authorization", "every operation of /v1/openapi.json × 11 identities (owner, another person, tenant"
                        + " admin of the right and of another tenant, sign-in service, another relying party, no token, expired,"
                        + " tampered, another issuer, another audience)",
                operations.size() + " operations, " + asked + " requests",
                wrong.size() + " answers other than expected; the owner's objects " + (before.equals(after) ? "unchanged" : "CHANGED")
                        + " by the others' requests", "-");
        writeMatrix(matrix);
        assertThat(wrong).as("answers other than the matrix expects").isEmpty();
        assertThat(after).as("the owner's objects after everyone else's requests").isEqualTo(before);
    }

    /** The whole matrix as a Markdown table (deploy/simulator/target/reliability/authorization-matrix.md). */
    private static void writeMatrix(Map<String, Map<String, String>> matrix) throws java.io.IOException {
        List<String> identities = new ArrayList<>(matrix.values().iterator().next().keySet());
        identities.remove("owner");
        identities.add(0, "owner");
        StringBuilder table = new StringBuilder("| operation | " + String.join(" | ", identities) + " |\n|---|"
                + "---|".repeat(identities.size()) + "\n");
        matrix.forEach((operation, answers) -> {
            table.append("| `").append(operation).append("` |");
            identities.forEach(identity -> table.append(' ').append(answers.getOrDefault(identity, "")).append(" |"));
            table.append('\n');
        });
        java.nio.file.Path file = RunningStack.repository().resolve("deploy/simulator/target/reliability/authorization-matrix.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, table.toString());
    }

    /** What {@code identity} must meet on {@code operation} (the owner's objects in its path). */
    private static Outcome expected(Operation operation, Identity identity) {
        if (identity.roles().isEmpty()) {
            return Outcome.INVALID_TOKEN;
        }
        if (operation.roles().stream().noneMatch(identity.roles()::contains)) {
            return Outcome.FORBIDDEN;
        }
        boolean owner = switch (identity.name()) {
            case "owner", "tenant admin (contoso)", "sign-in service" -> true;
            default -> false;
        };
        if (!owner && operation.toString().equals("POST /v1/qr-activations")) {
            // One refusal for every user an admin may not issue for (of another tenant, unknown, a personal
            // account), so that no admin learns who exists elsewhere: asserted below to be the same answer.
            return Outcome.FORBIDDEN;
        }
        if (operation.toString().equals("GET /v1/me/erasure")) {
            // The caller's own erasure: nobody here asked for one (the matrix's DELETE /v1/me has no deviceId: 400).
            return Outcome.NOT_FOUND;
        }
        return owner || !namesAnObject(operation) ? Outcome.PASSED : Outcome.NOT_FOUND;
    }

    /** An operation whose path or body names one of the owner's objects (another person may not even learn of it). */
    private static boolean namesAnObject(Operation operation) {
        return operation.path().contains("{") && !operation.path().equals("/v1/recovery-keys/{provider}/{storageAccount}")
                && !(operation.method().equals("PUT") && operation.path().equals("/v1/backups/{provider}/{storageAccount}"))
                || operation.path().equals("/v1/recoveries");
    }

    record Answer(int status, String type, Outcome outcome) {
        @Override
        public String toString() {
            return status + " " + type;
        }
    }

    private static Answer send(Operation operation, Owned owned, String token) throws Exception {
        String path = operation.path();
        for (Map.Entry<String, String> value : owned.pathValues(path).entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        Object body = owned.body(operation);
        if (operation.method().equals("PUT") || operation.method().equals("DELETE")) {
            request.header("If-Match", "\"999\"");
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(operation.method(), HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            request.method(operation.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = "";
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            String uri = Json.read(response.body()).path("type").asText();
            type = uri.substring(uri.lastIndexOf('/') + 1);
        }
        int status = response.statusCode();
        Outcome outcome = status == 401 && type.equals("invalid-token") ? Outcome.INVALID_TOKEN
                : status == 403 && type.equals("forbidden") ? Outcome.FORBIDDEN
                : status == 404 ? Outcome.NOT_FOUND
                : status < 500 && status != 401 ? Outcome.PASSED : null;
        return new Answer(status, type, outcome);
    }

    /** POST /v1/qr-activations as {@code token} for {@code username}: status, type and detail. */
    private static Answer issue(String token, String username) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/v1/qr-activations"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", username, "accountRef", "contoso-probe"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode problem = Json.read(response.body());
        return new Answer(response.statusCode(), problem.path("type").asText() + " " + problem.path("detail").asText(), null);
    }

    private static Phone phone(KeycloakPeople.Person person) throws Exception {
        Phone phone = Phone.create(Files.createTempDirectory("matrix-phone"), RunningStack.ENDPOINTS, "ios",
                "matrix-" + UUID.randomUUID().toString().substring(0, 8));
        phone.signIn(person.username(), person.password(), true);
        return phone;
    }

    /**
     * The owner's objects, one of each kind an operation names: a backup (and its escrowed key), a registered
     * phone, a verification, a push credential, a recovery from a second phone, a push sign-in request to the
     * owner, a QR activation carol issued for a person of her tenant, and a transfer of the backup waiting for
     * its second factor.
     */
    private static final class Owned {
        final Phone owner;
        final Phone recovering;
        final String username;
        final String storage;
        final String verificationId;
        final String credentialId;
        final String recoveryId;
        final String signInRequestId;
        final String activationId;
        final String contosoPerson;
        final String transferId;

        private Owned(Phone owner, Phone recovering, String username, String storage, String verificationId,
                String credentialId, String recoveryId, String signInRequestId, String activationId, String contosoPerson,
                String transferId) {
            this.transferId = transferId;
            this.owner = owner;
            this.recovering = recovering;
            this.username = username;
            this.storage = storage;
            this.verificationId = verificationId;
            this.credentialId = credentialId;
            this.recoveryId = recoveryId;
            this.signInRequestId = signInRequestId;
            this.activationId = activationId;
            this.contosoPerson = contosoPerson;
        }

        static Owned make() throws Exception {
            KeycloakPeople.Person person = KeycloakPeople.create("matrix-owner");
            Phone owner = phone(person);
            String storage = owner.state().storageAccount;
            owner.addThirdParty("otpauth://totp/Chirp:" + person.username() + "?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
            owner.backup();
            owner.registerDevice();
            owner.addPushAccount("personal", "personal", person.email(), null);
            int seen = MAILBOX.count(person.email());
            owner.verifyPersonal("personal", "email", started -> MAILBOX.awaitCode(person.email(), seen, Duration.ofSeconds(30)));
            String credentialId = owner.credentials().path(0).path("credentials").path(0).path("id").asText();
            assertThat(credentialId).as("the owner's push credential").isNotEmpty();
            String verificationId = owner.api().post("/v1/verifications", Map.of("accountRef", "personal",
                    "deviceId", owner.state().deviceId, "channel", "email")).body().get("id").asText();

            Phone recovering = Phone.create(Files.createTempDirectory("matrix-phone"), RunningStack.ENDPOINTS, "ios", storage);
            recovering.signIn(person.username(), person.password(), true);
            String recoveryId = recovering.startRecovery().get("id").asText();

            Portal portal = new Portal(RunningStack.ENDPOINTS, "sign-in-portal", "sign-in-portal-local-secret");
            String signInRequestId = pastTheRelyingPartysLimit(() -> portal.requestPush(person.username(), "personal", "Matrix Mail"))
                    .get("id").asText();

            KeycloakPeople.Person contoso = KeycloakPeople.create("matrix-contoso", null, "contoso");
            TenantAdmin carol = new TenantAdmin(RunningStack.ENDPOINTS, "carol", "carol-password");
            String activationId = carol.issue(contoso.username(), "contoso-matrix").activation().get("id").asText();
            String transferId = owner.api().post("/v1/backups/icloud/" + storage + "/transfers", Map.of("targetProvider",
                    "google-drive", "targetStorageAccount", "matrix-target", "deviceId", owner.state().deviceId))
                    .body().get("id").asText();
            return new Owned(owner, recovering, person.username(), storage, verificationId, credentialId, recoveryId,
                    signInRequestId, activationId, contoso.username(), transferId);
        }

        /** The relying party may have used its 120 requests of this minute in an earlier suite: wait as told. */
        private static JsonNode pastTheRelyingPartysLimit(Supplier<JsonNode> request) {
            for (int tries = 0; ; tries++) {
                try {
                    return request.get();
                } catch (io.authcloud.simulator.app.ApiProblem problem) {
                    if (problem.status() != 429 || tries == 3) {
                        throw problem;
                    }
                    NothingAcknowledgedIsLostTest.pause(Duration.ofSeconds(Long.parseLong(problem.header("Retry-After")) + 1));
                }
            }
        }

        /** The owner's object for each path parameter of {@code path}. */
        Map<String, String> pathValues(String path) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("provider", "icloud");
            values.put("storageAccount", storage);
            values.put("version", "1");
            values.put("deviceId", owner.state().deviceId);
            String id = path.startsWith("/v1/recoveries") ? recoveryId
                    : path.startsWith("/v1/verifications") ? verificationId
                    : path.startsWith("/v1/push-credentials") ? credentialId
                    : path.startsWith("/v1/sign-in-requests") ? signInRequestId
                    : path.startsWith("/v1/qr-activations") ? activationId
                    : path.startsWith("/v1/backups/") ? transferId : "none";
            values.put("id", id);
            return values;
        }

        /** A well-formed body for the operation, naming the owner's objects where it names any. */
        Object body(Operation operation) {
            if (operation.body() == null) {
                return null;
            }
            String key = operation.method() + " " + operation.path();
            return switch (key) {
                case "PUT /v1/backups/{provider}/{storageAccount}" -> Map.of("ciphertext", "AAAA", "keyId", "matrix-key",
                        "formatVersion", 1, "deviceId", "matrix-phone", "platform", "ios", "accountCount", 1);
                case "POST /v1/backups/{provider}/{storageAccount}/transfers" -> Map.of("targetProvider", "google-drive",
                        "targetStorageAccount", "matrix-target", "deviceId", owner.state().deviceId);
                case "PUT /v1/recovery-keys/{provider}/{storageAccount}" -> Map.of("key", "A".repeat(43) + "=", "keyId", "matrix-key");
                case "POST /v1/recoveries" -> Map.of("provider", "icloud", "storageAccount", storage, "deviceId",
                        "matrix-" + UUID.randomUUID(), "platform", "ios", "existingAccountCount", 0,
                        "devicePublicKey", io.authcloud.simulator.app.DeviceKeys.generate().publicJwk());
                case "PUT /v1/recoveries/{id}/accounts" -> Map.of("accounts", List.of());
                case "POST /v1/qr-activations" -> Map.of("username", contosoPerson, "accountRef", "contoso-matrix-2");
                case "POST /v1/verifications" -> Map.of("accountRef", "personal", "deviceId", owner.state().deviceId, "channel", "email");
                case "POST /v1/verifications/qr" -> Map.of("activationCode", "ABCD-EFGH-IJKL", "url", GATEWAY,
                        "accountRef", "contoso-matrix", "deviceId", owner.state().deviceId);
                case "POST /v1/verifications/{id}/otp" -> Map.of("code", "000000");
                case "POST /v1/devices" -> Map.of("deviceId", owner.state().deviceId, "platform", "ios", "pushToken", "matrix-token");
                case "POST /v1/push-credentials" -> Map.of("verificationId", verificationId, "accountRef", "personal",
                        "deviceId", owner.state().deviceId, "publicKey", io.authcloud.simulator.app.DeviceKeys.generate().publicJwk());
                case "POST /v1/sign-in-requests" -> Map.of("username", username, "accountRef", "personal", "application", "Matrix Mail");
                case "POST /v1/sign-in-requests/{id}/response" -> Map.of("deviceId", owner.state().deviceId, "number", 1,
                        "approve", false, "signature", "AAAA");
                case "POST /v1/sign-ins/verify-code" -> Map.of("username", username, "code", "000000");
                default -> Map.of();
            };
        }

        /** What the others must not change: the owner's backup, recovery, phone, credential and verification. */
        Map<String, String> snapshot() {
            Map<String, String> state = new LinkedHashMap<>();
            state.put("backup", owner.api().get("/v1/backups/icloud/" + storage).etag());
            state.put("recovery", recovering.recovery().path("status").asText());
            state.put("devices", owner.api().get("/v1/devices").body().toString());
            state.put("credentials", owner.credentials().toString());
            state.put("verification", owner.api().get("/v1/verifications/" + verificationId).body().path("status").asText());
            return state;
        }
    }
}
