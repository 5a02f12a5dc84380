package io.authcloud.simulator;

import static io.authcloud.simulator.Problems.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.authcloud.simulator.app.Phone;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The account security page in a real browser (Debian's headless Chromium, driven by Selenium) through the gateway:
 * alice, whose phone is lost, signs in with Keycloak, sees that phone with its credential, its backup and her
 * activity, and removes the phone; the phone's next sign-in code is refused. She also cancels a recovery she did not
 * start, and deletes and restores a backup. The page keeps scripts, frames and other sites' forms out, and a form that
 * did not come from it changes nothing. The phone, its backup and the recovery are made for the test: alice's
 * others (of earlier tests and demos) are listed too and left alone.
 */
@ExtendWith(RunningStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountSecurityPageTest {

    private static final String GATEWAY = RunningStack.ENDPOINTS.gateway();
    private static final String PAGE = GATEWAY + "/account/security";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static final String ALICE = "alice";
    private static final String PASSWORD = "alice-password";
    private static final String EMAIL = "alice@example.test";
    private static Phone lost;
    private static String accountRef;
    private static ChromeDriver browser;

    @BeforeAll
    static void aPersonWhosePhoneIsLost() throws Exception {
        lost = Phone.create(People.PHONES.resolve("alice-lost-" + UUID.randomUUID()), RunningStack.ENDPOINTS, "ios",
                "sa-" + UUID.randomUUID());
        lost.signIn(ALICE, PASSWORD, false);
        lost.addThirdParty("otpauth://totp/Chirp:lost?secret=JBSWY3DPEHPK3PXP&issuer=Chirp");
        lost.backup();
        lost.registerDevice();
        accountRef = "acct-" + UUID.randomUUID();
        lost.addPushAccount("personal", accountRef, "Personal", null);
        People.verifyByEmail(lost, accountRef, EMAIL);
        browser = chromium();
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void withoutASessionThePageSendsTheBrowserToKeycloak() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(PAGE)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElse("")).startsWith(RunningStack.ENDPOINTS.realm())
                .contains("client_id=account-web").contains("code_challenge=");
    }

    @Test
    @Order(2)
    void thePersonSignsInAndSeesTheLostPhoneItsCredentialTheirBackupAndActivity() throws Exception {
        assertThat(People.portal().verifyCode(ALICE, lost.code(accountRef, Instant.now())).get("deviceId").asText())
                .isEqualTo(lost.state().deviceId);

        browser.get(PAGE);
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(ALICE);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.titleContains("Your account security"));

        String text = browser.findElement(By.tagName("main")).getText();
        assertThat(text).contains(lost.state().deviceId, accountRef, "active", lost.state().storageAccount, "backup stored");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findElements(By.tagName("h2"))).extracting(WebElement::getText)
                .contains("Your devices", "Recoveries under way", "Your backups", "Recent security activity");
        // Every button says what it does to whom (screen readers read the label).
        assertThat(browser.findElements(By.cssSelector("button"))).isNotEmpty()
                .allSatisfy(button -> assertThat(button.getAttribute("aria-label")).isNotBlank());
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();

        Path screenshot = RunningStack.repository().resolve("deploy/simulator/target/account-security.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(3)
    void thePageKeepsScriptsFramesAndCopiesOut() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(PAGE)).header("Cookie", cookies()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'")
                .doesNotContain("script-src", "unsafe");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    }

    @Test
    @Order(4)
    void aFormThatDidNotComeFromThePageChangesNothing() throws Exception {
        String revoke = PAGE + "/devices/" + lost.state().deviceId + "/revoke";
        // Another site's form, riding the session cookie: no token, or the right token from another origin.
        HttpResponse<String> forged = post(revoke, "form=" + "0".repeat(64), null);
        String token = browser.findElement(By.name("form")).getAttribute("value");
        HttpResponse<String> crossSite = post(revoke, "form=" + token, "https://evil.example");

        assertThat(forged.statusCode()).isEqualTo(303);
        assertThat(forged.headers().firstValue("Location").orElse("")).endsWith("done=refused");
        assertThat(crossSite.headers().firstValue("Location").orElse("")).endsWith("done=refused");
        assertThat(credentialsOf(lost.state().deviceId)).extracting(credential -> credential.get("status").asText())
                .containsExactly("ACTIVE");
    }

    @Test
    @Order(5)
    void removingTheLostPhoneRefusesItsNextSignInCode() {
        browser.get(PAGE);
        browser.findElement(By.cssSelector("button[aria-label^='Remove device " + lost.state().deviceId + "']")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("done=device-revoked"));

        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).contains("The device was removed");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=devices]")).getText())
                .doesNotContain(lost.state().deviceId);
        // The next step's code: never used yet, and within the window a live credential accepts.
        refused("code-invalid", 422, () -> People.portal().verifyCode(ALICE,
                lost.code(accountRef, Instant.now().plusSeconds(30))));
    }

    @Test
    @Order(6)
    void aRecoveryTheyDidNotStartIsCancelledFromThePage() {
        Phone stranger = Phone.create(People.PHONES.resolve("alice-stranger-" + UUID.randomUUID()), RunningStack.ENDPOINTS,
                "ios", lost.state().storageAccount);
        stranger.signIn(ALICE, PASSWORD, false);
        stranger.startRecovery();

        browser.get(PAGE);
        browser.findElement(By.cssSelector("button[aria-label='Cancel the recovery on device " + stranger.state().deviceId + "']"))
                .click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("done=recovery-cancelled"));

        assertThat(stranger.recovery().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=recoveries]")).getText())
                .doesNotContain(stranger.state().deviceId);
    }

    @Test
    @Order(7)
    void aBackupIsDeletedAndRestoredFromThePage() {
        String account = lost.state().storageAccount;
        browser.get(PAGE);
        browser.findElement(By.cssSelector("button[aria-label='Delete the backup in icloud " + account + "']")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("done=backup-deleted"));
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=backups]")).getText()).contains("deleted",
                "Restorable until");

        browser.findElement(By.cssSelector("button[aria-label='Restore the backup in icloud " + account + "']")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("done=backup-restored"));
        JsonNode backup = null;
        for (JsonNode each : lost.backups()) {
            backup = account.equals(each.get("storageAccount").asText()) ? each : backup;
        }
        assertThat(backup).isNotNull();
        assertThat(backup.get("deleted").asBoolean()).isFalse();
    }

    /** The credentials the device holds, as the app lists them. */
    private static List<JsonNode> credentialsOf(String deviceId) {
        List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode device : lost.credentials()) {
            if (deviceId.equals(device.get("deviceId").asText())) {
                device.get("credentials").forEach(found::add);
            }
        }
        return found;
    }

    private static HttpResponse<String> post(String url, String form, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookies())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The browser's session cookies for the page, as a Cookie header. */
    private static String cookies() {
        return browser.manage().getCookies().stream().map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
    }

    /** Debian's Chromium, headless, with a fresh profile and nothing that calls out of this machine. */
    private static ChromeDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("authcloud.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=420,1400", "--user-data-dir=" + Files.createTempDirectory("authcloud-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("authcloud.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
