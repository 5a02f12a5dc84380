package io.authcloud.simulator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.simulator.RunningStack;
import io.authcloud.simulator.app.Phone;
import io.authcloud.simulator.reliability.ApiOperations.Operation;
import io.authcloud.simulator.reliability.HostileCases.Case;
import io.authcloud.testing.KeycloakPeople;
import io.authcloud.testing.KeycloakTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of malformed requests through the gateway, generated from the API document it serves
 * ({@link HostileCases}), plus requests the gateway itself must refuse: not one answer is a 5xx, every refusal
 * is an RFC 9457 problem (the gateway's own too), no write is accepted, and no service's state changes (rows of
 * every table, Redis keys). The person is made for this test and holds a backup and a device, so the cases
 * reach real rows.
 */
@ExtendWith(RunningStack.class)
class HostileInputTest {

    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noMalformedRequestGetsA5xxOrAnythingButAProblemOrChangesState() throws IOException {
        KeycloakPeople.Person person = KeycloakPeople.create("hostile");
        Phone phone = Phone.create(Files.createTempDirectory("hostile-phone"), RunningStack.ENDPOINTS, "ios",
                "hostile-" + UUID.randomUUID().toString().substring(0, 8));
        phone.signIn(person.username(), person.password(), true);
        phone.addThirdParty("otpauth://totp/Chirp:hostile?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        phone.backup();
        String userToken = phone.accessToken();
        String adminToken = KeycloakTokens.password("carol");
        String portalToken = KeycloakTokens.clientCredentials("sign-in-portal", "sign-in-portal-local-secret");
        HostileCases generator = new HostileCases(new HostileCases.Plausible() {
            @Override
            public String token(Operation operation) {
                if (operation.roles().contains("tenant-admin")) {
                    return adminToken;
                }
                if (operation.roles().contains("sign-in-service")) {
                    return portalToken;
                }
                return operation.roles().isEmpty() ? null : userToken;
            }

            @Override
            public String pathValue(Operation operation, String parameter) {
                return switch (parameter) {
                    case "provider" -> "icloud";
                    case "storageAccount" -> phone.state().storageAccount;
                    case "version" -> "1";
                    case "deviceId" -> phone.state().deviceId;
                    default -> UUID.randomUUID().toString();
                };
            }
        });

        JsonNode document = ApiOperations.document(GATEWAY + "/v1/openapi.json");
        List<Operation> operations = ApiOperations.of(document);
        assertThat(operations).as("the gateway's API document lists the app's operations").hasSizeGreaterThan(30);
        List<Case> cases = new ArrayList<>();
        operations.forEach(operation -> cases.addAll(generator.of(operation)));
        cases.addAll(GatewayCases.all(operations));

        StackState before = StackState.settled(Duration.ofSeconds(20));
        RawHttp http = new RawHttp(GATEWAY);
        StackState lastSeen = before;
        List<String> wrong = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Case hostile : cases) {
            RawHttp.Answer answer = http.send(hostile.head(), hostile.body());
            statuses.merge(answer.status(), 1, Integer::sum);
            verdict(hostile, answer).ifPresent(wrong::add);
            if (Boolean.getBoolean("hostile.attribute") && !hostile.method().equals("GET")) {
                StackState now = StackState.now();
                if (!now.rows().equals(lastSeen.rows())) {
                    System.out.println("CHANGED BY " + hostile.name() + " (" + answer.status() + "): " + now.changesSince(lastSeen));
                }
                lastSeen = now;
            }
        }
        StackState after = StackState.settled(Duration.ofSeconds(20));

        List<String> changes = after.changesSince(before);
        Results.write("hostile-input", "malformed requests through the gateway (" + operations.size() + " operations)",
                cases.size() + " requests; answers by status " + statuses,
                wrong.size() + " wrong answers, " + changes.size() + " state changes", "-");
        assertThat(wrong).as("answers to malformed requests that were not a clean refusal").isEmpty();
        assertThat(changes).as("state changed by malformed requests").isEmpty();
        assertThat(cases.size()).as("cases generated").isGreaterThan(1500);
    }

    /** What is wrong with the answer to a malformed request, if anything. */
    private static java.util.Optional<String> verdict(Case hostile, RawHttp.Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return java.util.Optional.of(hostile.name() + " -> " + status + " " + snippet(answer));
        }
        if (status < 400) {
            boolean write = !hostile.method().equals("GET");
            return write ? java.util.Optional.of(hostile.name() + " -> " + status + " (a write accepted)") : java.util.Optional.empty();
        }
        String type = answer.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return java.util.Optional.of(hostile.name() + " -> " + status + " as " + type + ": " + snippet(answer));
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            boolean complete = problem.path("type").asText().startsWith("https://authcloud.example/problems/")
                    && problem.path("status").asInt() == status && !problem.path("title").asText().isBlank()
                    && !problem.path("detail").asText().isBlank();
            return complete ? java.util.Optional.empty()
                    : java.util.Optional.of(hostile.name() + " -> " + status + " an incomplete problem: " + snippet(answer));
        } catch (IOException notJson) {
            return java.util.Optional.of(hostile.name() + " -> " + status + " a problem that is not JSON: " + snippet(answer));
        }
    }

    private static String snippet(RawHttp.Answer answer) {
        String text = answer.text();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
