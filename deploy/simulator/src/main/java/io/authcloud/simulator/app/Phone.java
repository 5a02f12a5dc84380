package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A simulated authenticator app on one phone: what it remembers lives in its folder, what it does goes
 * through the gateway and Keycloak only, as the real app's would.
 */
public final class Phone {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final String traceId = hex(16);
    private final Endpoints endpoints;
    final DeviceState state;
    private final SignIn signIn;
    private final Recovering recovering = new Recovering(this);
    private final Transferring transferring = new Transferring(this);
    private final Erasing erasing = new Erasing(this);
    private String password;
    private Function<String, String> passwordPrompt;

    private Phone(Path folder, Endpoints endpoints, DeviceState state) {
        this.folder = folder;
        this.endpoints = endpoints;
        this.state = state;
        this.signIn = new SignIn(endpoints.realm());
    }

    /** A new phone: its platform decides its cloud storage (iCloud for ios, Google Drive for android). */
    public static Phone create(Path folder, Endpoints endpoints, String platform, String storageAccount) {
        if (!"ios".equals(platform) && !"android".equals(platform)) {
            throw new IllegalArgumentException("platform must be ios or android");
        }
        DeviceState state = new DeviceState();
        state.deviceId = ("ios".equals(platform) ? "iphone-" : "android-") + UUID.randomUUID().toString().substring(0, 8);
        state.platform = platform;
        state.storageAccount = storageAccount;
        state.save(folder);
        return new Phone(folder, endpoints, state);
    }

    public static Phone open(Path folder, Endpoints endpoints) {
        return new Phone(folder, endpoints, DeviceState.load(folder));
    }

    public DeviceState state() {
        return state;
    }

    // ---- sign-in -------------------------------------------------------------------------------

    /** Signs in to the recovery account (the person types their password on Keycloak's page). */
    public void signIn(String user, String password, boolean stepUp) {
        state.tokens = signIn.signIn(user, password, stepUp);
        state.user = user;
        this.password = password;
        save();
    }

    /** The current access token, refreshed with the refresh token when it has expired. */
    public String accessToken() {
        if (state.tokens == null) {
            throw new IllegalStateException("Sign in first");
        }
        if (!state.tokens.fresh()) {
            state.tokens = signIn.refresh(state.tokens);
            save();
        }
        return state.tokens.accessToken();
    }

    /**
     * How the phone asks its person for the password when a sign-in must be repeated and it does not hold
     * it any more (a new process: the app never stores passwords).
     */
    public Phone askingForThePasswordWith(Function<String, String> prompt) {
        this.passwordPrompt = prompt;
        return this;
    }

    /** Runs an action; when the server asks for a recent sign-in (RFC 9470), signs in again and retries once. */
    <T> T withStepUp(Supplier<T> action) {
        try {
            return action.get();
        } catch (ApiProblem problem) {
            if (problem.status() != 401 || !"step-up-required".equals(problem.type())
                    || password == null && passwordPrompt == null || state.user == null) {
                throw problem;
            }
            signIn(state.user, password != null ? password : passwordPrompt.apply(state.user), true);
            return action.get();
        }
    }

    public Http api() {
        return new Http(endpoints.gateway(), this::accessToken, this::traceparent);
    }

    /**
     * The trace every request of this phone joins: what a user does on one phone (a backup, a recovery) is one
     * trace across the gateway, the services and Kafka, as the app groups it (W3C Trace Context).
     */
    public String traceId() {
        return traceId;
    }

    private String traceparent() {
        return "00-" + traceId + "-" + hex(8) + "-01";
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    // ---- accounts and codes ----------------------------------------------------------------------

    public Account addThirdParty(String otpauthUri) {
        Totp.OtpAuth parsed = Totp.parse(otpauthUri);
        Account account = new Account(Account.THIRD_PARTY, parsed.issuer(), parsed.name(), null, null, parsed.secret(), null, null);
        state.accounts.add(account);
        save();
        return account;
    }

    /** Adds a push-enabled account (personal, work or school); it needs a verification to get its credential. */
    public Account addPushAccount(String kind, String accountRef, String name, String tenant) {
        Account account = new Account(kind, "personal".equals(kind) ? "authcloud" : tenant, name, accountRef, tenant, null, null, null);
        state.accounts.add(account);
        save();
        return account;
    }

    /** The app's list: each account in order with its current code (or how it signs in). */
    public List<String> codes(Instant at) {
        List<String> lines = new ArrayList<>();
        for (Account account : state.accounts) {
            String code = account.secret() == null ? (account.hasCredential() ? "push sign-in" : "needs verification")
                    : Totp.code(account.secret(), at);
            lines.add(account.label() + "  " + code);
        }
        return lines;
    }

    public String code(String accountLabelOrRef, Instant at) {
        Account account = find(accountLabelOrRef);
        if (account.secret() == null) {
            throw new IllegalStateException(account.label() + " has no code on this phone");
        }
        return Totp.code(account.secret(), at);
    }

    public Account find(String labelOrRef) {
        return state.accounts.stream()
                .filter(a -> labelOrRef.equals(a.accountRef()) || labelOrRef.equals(a.label()) || labelOrRef.equals(a.name()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("No account " + labelOrRef + " on this phone"));
    }

    // ---- backup ---------------------------------------------------------------------------------

    /**
     * Auto backup: the accounts and their order, encrypted here under the phone's backup key, uploaded with
     * the right precondition (create, or replace the version this phone last saw). The key is made and
     * escrowed once ({@code If-None-Match: *}); a recovered phone goes on with the key it recovered.
     */
    public JsonNode backup() {
        if (state.backupKey == null) {
            byte[] key = BackupCrypto.newKey();
            String keyId = "key-" + UUID.randomUUID();
            api().put("/v1/recovery-keys/" + state.provider() + "/" + state.storageAccount,
                    Map.of("key", Base64.getEncoder().encodeToString(key), "keyId", keyId), Map.of("If-None-Match", "*"));
            state.backupKey = Base64.getEncoder().encodeToString(key);
            state.backupKeyId = keyId;
            save();
        }
        List<Account> content = state.accounts.stream().map(Account::forBackup).toList();
        String plaintext = Json.write(Map.of("formatVersion", 1, "accounts", content,
                "settings", Map.of("autoBackup", true, "order", content.stream().map(Account::label).toList())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ciphertext", Base64.getEncoder().encodeToString(BackupCrypto.encrypt(Base64.getDecoder().decode(state.backupKey),
                state.backupKeyId, plaintext)));
        body.put("keyId", state.backupKeyId);
        body.put("formatVersion", 1);
        body.put("deviceId", state.deviceId);
        body.put("platform", state.platform);
        body.put("accountCount", state.accounts.size());
        String location = "/v1/backups/" + state.provider() + "/" + state.storageAccount;
        Http.Response written = api().put(location, body,
                state.backupEtag == null ? Map.of("If-None-Match", "*") : Map.of("If-Match", state.backupEtag));
        state.backupEtag = written.etag();
        save();
        return written.body();
    }

    /** Deletes this phone's backup (it stays restorable for 30 days). */
    public void deleteBackup() {
        api().delete("/v1/backups/" + state.provider() + "/" + state.storageAccount);
    }

    /** Undoes the deletion of this phone's backup before its deadline. */
    public JsonNode undeleteBackup() {
        return api().post("/v1/backups/" + state.provider() + "/" + state.storageAccount + "/restore", null).body();
    }

    /** The person's backups, as the app lists them before a recovery: what will be restored. */
    public JsonNode backups() {
        return api().get("/v1/backups").body().get("backups");
    }

    // ---- recovery (see Recovering) ----------------------------------------------------------------

    /** Starts recovering this phone's storage location; the server answers why not, when it cannot. */
    public JsonNode startRecovery() {
        return recovering.startRecovery();
    }

    /**
     * Proves a second factor for this recovery, before its key may leave the server: a code sent by email
     * or SMS to the account's address (a {@code key-release} verification, which needs a recent sign-in),
     * entered here. {@code codeReader} is the person reading the code. Answers the recovery once the
     * server counts the proof (it arrives by event, a moment later).
     */
    public JsonNode proveByCode(String channel, Function<JsonNode, String> codeReader) {
        return recovering.proveByCode(channel, codeReader);
    }

    /**
     * Asks the person's other phones (those holding their personal account's credential) to approve this
     * recovery: answers the number this phone shows, which the person enters on the other phone.
     */
    public JsonNode requestApproval() {
        return recovering.requestApproval();
    }

    /** Cancels this phone's open recovery (to recover another backup, or because it was not the person). */
    public void cancelRecovery() {
        recovering.cancelRecovery();
    }

    /** Waits until the server counts a second factor for this recovery; fails when it is locked or over. */
    public JsonNode awaitSecondFactor(Duration timeout) {
        return recovering.awaitSecondFactor(timeout);
    }

    /**
     * Fetches the key (a recent sign-in and a second factor for this recovery are needed) and the backup,
     * decrypts here, restores every account in order, and declares the push-enabled ones. Answers the
     * recovery with each account's method.
     */
    public JsonNode restore() {
        return recovering.restore();
    }

    public JsonNode recovery() {
        return recovering.recovery();
    }

    // ---- moving a backup (see Transferring) ------------------------------------------------------

    /**
     * Moves the person's backup at the source location to the target (an iPhone's iCloud backup to this Android
     * phone's Google Drive), as asked from this phone: the request (a recent sign-in), its second factor (a code by
     * email or SMS, read by {@code codeReader}, entered here), then the wait while the server copies the backup and
     * its escrowed key. Answers the transfer as it ended: {@code COMPLETED} (then recover from the target as
     * usual), {@code FAILED} with its {@code failure}, or replaced or expired meanwhile.
     */
    public JsonNode transfer(String sourceProvider, String sourceAccount, String targetProvider, String targetAccount,
            String channel, Function<JsonNode, String> codeReader) {
        return transferring.transfer(sourceProvider, sourceAccount, targetProvider, targetAccount, channel, codeReader);
    }

    /**
     * Asks to move the backup at the source location to the target, from this phone (a recent sign-in is needed):
     * answers the transfer, which waits for its second factor, or the same open one when asked again.
     */
    public JsonNode requestTransfer(String sourceProvider, String sourceAccount, String targetProvider, String targetAccount) {
        return transferring.requestTransfer(sourceProvider, sourceAccount, targetProvider, targetAccount);
    }

    /**
     * Proves the second factor of a transfer on this phone: a code sent by email or SMS (a {@code transfer}
     * verification, which needs a recent sign-in), entered here. Answers the verification; the transfer goes on
     * once the server counts the proof (by event, a moment later).
     */
    public JsonNode proveTransferByCode(String transferId, String channel, Function<JsonNode, String> codeReader) {
        return transferring.proveTransferByCode(transferId, channel, codeReader);
    }

    /** The transfer as the server knows it now ({@code transfer}: an answer naming it). */
    public JsonNode currentTransfer(JsonNode transfer) {
        return transferring.currentTransfer(transfer);
    }

    /** Waits until the transfer no longer waits for its second factor; answers it as it ended. */
    public JsonNode awaitTransfer(JsonNode transfer, Duration timeout) {
        return transferring.awaitTransfer(transfer, timeout);
    }

    // ---- erasing everything about the person (see Erasing) ---------------------------------------

    /**
     * Erases everything authcloud keeps about the signed-in person, as asked from this phone: the request
     * ({@code DELETE /v1/me}, a recent sign-in), its second factor (a code by email or SMS, read by {@code codeReader},
     * entered here), then the wait while every service deletes its part. Answers the erasure as it ended
     * ({@code COMPLETED}, or {@code EXPIRED} / {@code REPLACED} when it never started).
     */
    public JsonNode eraseEverything(String channel, Function<JsonNode, String> codeReader) {
        return erasing.eraseEverything(channel, codeReader);
    }

    /** Asks for the erasure from this phone (a recent sign-in is needed); the answer as the server gave it (202 or 200). */
    public Http.Response requestErasure() {
        return erasing.requestErasure();
    }

    /** Proves the erasure's second factor on this phone: an {@code erasure} verification by code. */
    public JsonNode proveErasureByCode(String erasureId, String channel, Function<JsonNode, String> codeReader) {
        return erasing.proveErasureByCode(erasureId, channel, codeReader);
    }

    /** The person's newest erasure as the server knows it now ({@code GET /v1/me/erasure}). */
    public JsonNode erasure() {
        return erasing.erasure();
    }

    /** Waits until the erasure is no longer waiting or under way; answers it as it ended. */
    public JsonNode awaitErasure(Duration timeout) {
        return erasing.awaitErasure(timeout);
    }

    // ---- step-up and credentials -----------------------------------------------------------------

    /**
     * Proves identity for a personal account: a fresh password sign-in, a code sent by email or SMS, then
     * the device-bound credential. {@code codeReader} is the person reading the code from their mailbox.
     */
    public Account verifyPersonal(String accountRef, String channel, Function<JsonNode, String> codeReader) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (state.recoveryId != null) {
            body.put("recoveryId", state.recoveryId);
        }
        body.put("accountRef", accountRef);
        body.put("deviceId", state.deviceId);
        body.put("channel", channel);
        JsonNode verification = withStepUp(() -> api().post("/v1/verifications", body).body());
        String code = codeReader.apply(verification);
        api().post("/v1/verifications/" + verification.get("id").asText() + "/otp", Map.of("code", code));
        return createCredential(accountRef, verification.get("id").asText());
    }

    /** Proves identity for a work or school account with the QR code the tenant's admin issued. */
    public Account scanQr(String accountRef, String qrPayload) {
        Map<String, String> activation = QrCodes.activation(qrPayload);
        JsonNode verification = api().post("/v1/verifications/qr", Map.of("activationCode", activation.get("code"),
                "url", activation.get("url"), "accountRef", accountRef, "deviceId", state.deviceId)).body();
        return createCredential(accountRef, verification.get("id").asText());
    }

    /** Creates the device-bound credential a verification allows, waiting the moment the grant takes to arrive. */
    private Account createCredential(String accountRef, String verificationId) {
        DeviceKeys.Generated keys = DeviceKeys.generate();
        Map<String, Object> body = Map.of("verificationId", verificationId, "accountRef", accountRef,
                "deviceId", state.deviceId, "publicKey", keys.publicJwk());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                JsonNode issued = api().post("/v1/push-credentials", body).body();
                Account account = find(accountRef).withCredential(issued.get("id").asText(), keys.privateKey(),
                        issued.path("totpSecret").isTextual() ? issued.get("totpSecret").asText() : null);
                state.accounts.replaceAll(a -> accountRef.equals(a.accountRef()) ? account : a);
                save();
                return account;
            } catch (ApiProblem problem) {
                if (!"verification-pending".equals(problem.type()) || Instant.now().isAfter(deadline)) {
                    throw problem;
                }
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    // ---- devices and push sign-in ------------------------------------------------------------------

    /** Registers this phone's push channel (APNs for an iPhone, FCM for Android). */
    public JsonNode registerDevice() {
        String pushToken = "token-" + state.deviceId;
        Map<String, Object> body = new LinkedHashMap<>(Map.of("deviceId", state.deviceId, "platform", state.platform,
                "pushChannel", "ios".equals(state.platform) ? "apns" : "fcm",
                "pushToken", pushToken, "name", "Simulated " + state.platform + " phone"));
        // Once the phone holds a credential, only the phone itself may say where its pushes go.
        state.accounts.stream().filter(Account::hasCredential).findFirst().ifPresent(account ->
                body.put("signature", DeviceKeys.sign(account.privateKey(), "device:" + state.deviceId + ":" + pushToken)));
        return api().post("/v1/devices", body).body();
    }

    /**
     * Every push waiting for this phone (the local push inbox hands each over once): sign-in requests,
     * recovery approvals and security notices, each with its {@code kind}.
     */
    public List<JsonNode> pushes() {
        List<JsonNode> pushes = new ArrayList<>();
        api().get("/v1/devices/" + state.deviceId + "/notifications").body().forEach(pushes::add);
        return pushes;
    }

    /**
     * The requests this phone may answer, pushed to it: sign-ins of relying parties and approvals of a
     * recovery on another phone of the person (their data, with {@code type}). Notices are dropped.
     */
    public List<JsonNode> pendingSignIns() {
        List<JsonNode> requests = new ArrayList<>();
        for (JsonNode push : pushes()) {
            String kind = push.path("kind").asText();
            if ("sign-in-request".equals(kind) || "recovery-approval".equals(kind)) {
                requests.add(push.get("push").get("data"));
            }
        }
        return requests;
    }

    /**
     * The newest request pushed to this phone that can still be answered (not past its expiry), waiting up
     * to {@code timeout} for one to arrive; null when none did.
     */
    public JsonNode awaitOpenRequest(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<JsonNode> open = pendingSignIns().stream()
                    .filter(request -> Instant.parse(request.path("expiresAt").asText(Instant.EPOCH.toString())).isAfter(Instant.now()))
                    .toList();
            if (!open.isEmpty()) {
                return open.get(open.size() - 1);
            }
            if (Instant.now().isAfter(deadline)) {
                return null;
            }
            sleep(Duration.ofMillis(500));
        }
    }

    /** Answers a sign-in request with the number the person read on the sign-in page, signed by this phone. */
    public JsonNode answer(JsonNode request, int number, boolean approve) {
        // A recovery is approved with the person's personal account, whatever its name on this phone.
        Account account = "recovery-approval".equals(request.path("type").asText())
                ? state.accounts.stream().filter(a -> "personal".equals(a.kind()) && a.hasCredential()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("This phone holds no personal account's credential"))
                : find(request.get("accountRef").asText());
        if (!account.hasCredential()) {
            throw new IllegalStateException(account.label() + " has no credential on this phone");
        }
        String signature = DeviceKeys.sign(account.privateKey(), request.get("challenge").asText());
        return api().post("/v1/sign-in-requests/" + request.get("requestId").asText() + "/response",
                Map.of("deviceId", state.deviceId, "number", number, "approve", approve, "signature", signature)).body();
    }

    public JsonNode devices() {
        return api().get("/v1/devices").body();
    }

    public JsonNode credentials() {
        return api().get("/v1/push-credentials").body();
    }

    /** A page of the person's security activity, newest first ({@code cursor}: the previous page's next, or null). */
    public JsonNode activity(int limit, String cursor) {
        return api().get("/v1/me/activity?limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))).body();
    }

    /** The person's activity newer than {@code since}, newest first, following the pages' cursors. */
    public List<JsonNode> activitySince(Instant since) {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = activity(100, cursor);
            for (JsonNode entry : page.get("items")) {
                if (Instant.parse(entry.get("occurredAt").asText()).isBefore(since)) {
                    return entries;
                }
                entries.add(entry);
            }
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        return entries;
    }

    /** Removes a device (a lost phone): its credentials stop working. */
    public void revokeDevice(String deviceId) {
        withStepUp(() -> api().delete("/v1/devices/" + deviceId));
    }

    void save() {
        state.save(folder);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
