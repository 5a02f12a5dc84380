package io.authcloud.verification.api;

import io.authcloud.verification.domain.Channel;
import io.authcloud.verification.domain.Purpose;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies the verification API accepts. */
public final class Requests {

    static final String ID_PATTERN = "[A-Za-z0-9._:@-]+";
    static final String ID_MESSAGE = "may contain only letters, digits and . _ : @ -";

    private Requests() {
    }

    @Schema(name = "StartVerificationRequest")
    public record StartVerification(
            @Schema(description = "account (the default): prove accountRef on deviceId; key-release: the second"
                    + " factor of recovery recoveryId before its backup key is released (no accountRef); transfer: the"
                    + " second factor of backup transfer transferId (no accountRef, no recoveryId); erasure: the second factor of"
                    + " erasure erasureId (DELETE /v1/me; no accountRef, no recoveryId).")
            Purpose purpose,
            @Schema(description = "The recovery session this verification belongs to; required for key-release,"
                    + " absent when a phone enrols an account outside a recovery (its first credential).")
            UUID recoveryId,
            @Schema(description = "The backup transfer this verification allows; required for transfer, not given otherwise.")
            UUID transferId,
            @Schema(description = "The erasure of your data this verification allows (DELETE /v1/me); required for erasure, not given otherwise.")
            UUID erasureId,
            @Schema(description = "The restored push-enabled account to verify; required for account, not given"
                    + " for key-release.")
            @Size(max = 200) @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountRef,
            @Schema(description = "The new phone.", required = true)
            @NotBlank @Size(max = 128) @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String deviceId,
            @Schema(description = "email or sms: where the code goes (the address on record in your account; an email address only once verified).", required = true)
            @NotNull Channel channel) {
    }

    @Schema(name = "CodeRequest")
    public record Code(
            @Schema(description = "The 6-digit code received.", required = true)
            @NotBlank @Pattern(regexp = "\\d{6}", message = "must be the 6 digits received") String code) {

        @Override
        public String toString() {
            return "Code[***]";
        }
    }

    @Schema(name = "QrRedemptionRequest")
    public record QrRedemption(
            @Schema(description = "The activation code from the QR code (or typed).", required = true)
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z2-7 -]{16,64}",
                    message = "must be the code's 16 letters and digits, such as K7QM-2XHD-9RTA-LC4E") String activationCode,
            @Schema(description = "The URL from the QR code.", required = true, format = "uri")
            @NotBlank @Size(max = 500) @Pattern(regexp = "https?://\\S+", message = "must be the URL from the QR code") String url,
            @NotBlank @Size(max = 200) @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountRef,
            @NotBlank @Size(max = 128) @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String deviceId) {

        @Override
        public String toString() {
            return "QrRedemption[accountRef=" + accountRef + ", deviceId=" + deviceId + "]";
        }
    }

    @Schema(name = "QrActivationRequest", description = "Name the user by username or by sub, not both.")
    public record QrActivation(
            @Size(max = 200) String username,
            @Size(max = 64) String sub,
            @Schema(description = "The work or school account to activate on the user's new phone.", required = true)
            @NotBlank @Size(max = 200) @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String accountRef) {

        @AssertTrue(message = "name the user by username or by sub, exactly one of them")
        @Schema(hidden = true)
        public boolean isUser() {
            return (username == null || username.isBlank()) != (sub == null || sub.isBlank());
        }
    }
}
