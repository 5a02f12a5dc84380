package io.authcloud.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The production realm is the local one made safe: what runs on a laptop runs in the cluster, minus demo users, test clients and fixed secrets. */
@Tag("unit")
class RealmFilesTest {

    static final Path PRODUCTION = Path.of("authcloud/files/authcloud-realm.json");
    static final Path LOCAL = Path.of("../deploy/local/keycloak/authcloud-realm.json");

    private static Map<String, Object> production;
    private static Map<String, Object> local;

    @BeforeAll
    static void readBothRealms() throws IOException {
        production = read(PRODUCTION);
        local = read(LOCAL);
    }

    @Test
    void productionRealmLocksOutGuessersForAWhileButNeverForGood() {
        assertThat(production).containsEntry("bruteForceProtected", true).containsEntry("permanentLockout", false);
        assertThat((Integer) production.get("failureFactor")).isBetween(1, 30);
        assertThat((Integer) production.get("waitIncrementSeconds")).isPositive();
        assertThat((Integer) production.get("maxFailureWaitSeconds")).isGreaterThanOrEqualTo((Integer) production.get("waitIncrementSeconds"));
    }

    @Test
    void productionRealmAsksForPasswordsOfAtLeastTwelveCharacters() {
        Matcher length = Pattern.compile("(?:^| and )length\\((\\d+)\\)").matcher(String.valueOf(production.get("passwordPolicy")));
        assertThat(length.find()).as("passwordPolicy has a length(n) rule").isTrue();
        assertThat(Integer.parseInt(length.group(1))).isGreaterThanOrEqualTo(12);
    }

    @Test
    void productionRealmRequiresTlsForEveryRequestFromOutside() {
        assertThat(production).containsEntry("sslRequired", "external");
    }

    @Test
    void productionRealmKeepsAccessTokensForFiveMinutesAndLetsNobodyRegister() {
        assertThat(production).containsEntry("accessTokenLifespan", 300).containsEntry("registrationAllowed", false)
                .containsEntry("verifyEmail", true).containsEntry("resetPasswordAllowed", true);
        assertThat((String) production.get("displayName")).doesNotContain("local");
    }

    @Test
    void productionRealmHasNoPersonOnlyTheServiceAccountsOfItsClients() {
        List<String> serviceAccountClients = new ArrayList<>();
        for (Map<String, Object> client : clients(production).values()) {
            if (Boolean.TRUE.equals(client.get("serviceAccountsEnabled"))) {
                serviceAccountClients.add((String) client.get("clientId"));
            }
        }
        List<String> owners = new ArrayList<>();
        for (Map<String, Object> user : list(production.get("users"))) {
            assertThat(user).as("user %s", user.get("username")).containsKey("serviceAccountClientId").doesNotContainKey("credentials");
            owners.add((String) user.get("serviceAccountClientId"));
        }
        assertThat(owners).containsExactlyInAnyOrderElementsOf(serviceAccountClients);
    }

    @Test
    void productionRealmHasNoClientMadeForTests() {
        assertThat(clients(production).keySet())
                .containsExactlyInAnyOrder("authenticator-app", "authcloud-services", "sign-in-portal", "account-web")
                .noneMatch(id -> id.startsWith("authcloud-test") || id.equals("other-portal"));
    }

    @Test
    void theAppSignsInWithPkceAndNeverWithAPassword() {
        Map<String, Object> app = clients(production).get("authenticator-app");
        assertThat(app).containsEntry("publicClient", true).containsEntry("standardFlowEnabled", true)
                .containsEntry("implicitFlowEnabled", false).containsEntry("directAccessGrantsEnabled", false)
                .containsEntry("redirectUris", List.of("authcloud://oauth/callback"));
        assertThat(map(app.get("attributes"))).containsEntry("pkce.code.challenge.method", "S256");
    }

    @Test
    void everyConfidentialClientSecretIsAPlaceholderFilledFromAKubernetesSecret() {
        List<String> confidential = new ArrayList<>();
        for (Map<String, Object> client : clients(production).values()) {
            if (Boolean.FALSE.equals(client.get("publicClient"))) {
                confidential.add((String) client.get("clientId"));
                assertThat((String) client.get("secret")).as("secret of %s", client.get("clientId")).matches("\\$\\{[A-Z][A-Z0-9_]*}");
            } else {
                assertThat(client).as("public client %s", client.get("clientId")).doesNotContainKey("secret");
            }
        }
        assertThat(confidential).containsExactlyInAnyOrder("authcloud-services", "sign-in-portal", "account-web");
    }

    @Test
    void theServicesServiceAccountMayEndAPersonsSessionsAndThePortalMayOnlyAskForSignIns() {
        Map<String, Map<String, Object>> accounts = new LinkedHashMap<>();
        for (Map<String, Object> user : list(production.get("users"))) {
            accounts.put((String) user.get("serviceAccountClientId"), user);
        }
        Map<String, Object> services = accounts.get("authcloud-services");
        assertThat(services.get("realmRoles")).isEqualTo(List.of("authcloud-service"));
        assertThat(strings(map(services.get("clientRoles")).get("realm-management")))
                .containsExactlyInAnyOrder("view-users", "query-users", "manage-users");
        Map<String, Object> portal = accounts.get("sign-in-portal");
        assertThat(portal.get("realmRoles")).isEqualTo(List.of("sign-in-service"));
        assertThat(portal).doesNotContainKey("clientRoles");
    }

    @Test
    void localRealmKeepsTheDemoPeopleAndThePasswordGrantForLocalScripts() {
        List<String> people = new ArrayList<>();
        for (Map<String, Object> user : list(local.get("users"))) {
            if (!user.containsKey("serviceAccountClientId")) {
                people.add((String) user.get("username"));
            }
        }
        assertThat(people).contains("alice", "bob", "carol", "dave", "erin");
        assertThat(clients(local).get("authenticator-app")).containsEntry("directAccessGrantsEnabled", true);
    }

    @Test
    void eachProductionClientIsItsLocalOneApartFromItsSecretAndThePasswordGrant() {
        Map<String, Map<String, Object>> localClients = clients(local);
        for (Map<String, Object> client : clients(production).values()) {
            Map<String, Object> twin = new LinkedHashMap<>(localClients.get((String) client.get("clientId")));
            Map<String, Object> expected = new LinkedHashMap<>(client);
            for (String differs : List.of("secret", "directAccessGrantsEnabled")) {
                twin.remove(differs);
                expected.remove(differs);
            }
            assertThat(expected).as("client %s", client.get("clientId")).isEqualTo(twin);
        }
    }

    @Test
    void bothRealmsDeclareTheSameRealmRoles() {
        assertThat(map(production.get("roles")).get("realm")).isEqualTo(map(local.get("roles")).get("realm"));
        assertThat(list(map(production.get("roles")).get("realm"))).extracting(role -> role.get("name"))
                .contains("user", "tenant-admin", "sign-in-service", "authcloud-service");
    }

    @Test
    void bothRealmsDeclareTheSameClientScopes() {
        assertThat(production.get("clientScopes")).isEqualTo(local.get("clientScopes"));
        assertThat(production.get("defaultDefaultClientScopes")).isEqualTo(local.get("defaultDefaultClientScopes"));
        assertThat(production.get("defaultOptionalClientScopes")).isEqualTo(local.get("defaultOptionalClientScopes"));
        assertThat(list(production.get("clientScopes"))).extracting(scope -> scope.get("name")).contains("authcloud-api", "acr");
    }

    @Test
    void bothRealmsDeclareTheSameUserProfileAttributes() {
        Map<String, Object> profile = userProfile(production);
        assertThat(profile).isEqualTo(userProfile(local));
        assertThat(list(profile.get("attributes"))).extracting(attribute -> attribute.get("name")).contains("phone_number", "tenant");
    }

    static Map<String, Object> read(Path realm) throws IOException {
        return map(new Yaml().load(Files.readString(realm)));
    }

    static Map<String, Map<String, Object>> clients(Map<String, Object> realm) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> client : list(realm.get("clients"))) {
            byId.put((String) client.get("clientId"), client);
        }
        return byId;
    }

    /** The declarative user profile, a JSON document inside the realm's component config. */
    private static Map<String, Object> userProfile(Map<String, Object> realm) {
        Map<String, Object> components = map(realm.get("components"));
        Map<String, Object> provider = list(components.get("org.keycloak.userprofile.UserProfileProvider")).get(0);
        Object config = map(provider.get("config")).get("kc.user.profile.config");
        return map(new Yaml().load((String) ((List<?>) config).get(0)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object node) {
        return (List<String>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node) {
        return (List<Map<String, Object>>) node;
    }
}
