package io.authcloud.backup.api;

import io.authcloud.backup.domain.Platform;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /v1/backups/{provider}/{storageAccount}}. */
@Schema(name = "BackupWriteRequest", description = "A backup encrypted on the device (AES-256-GCM); the server never decrypts it.")
public record BackupWriteRequest(
        @Schema(description = "The encrypted backup, standard base64; at most 1 MiB once decoded.", required = true)
        @NotBlank String ciphertext,
        @Schema(description = "Which backup key encrypted it (the key itself is escrowed with recovery-service).", required = true)
        @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "may contain only letters, digits and . _ : -")
        String keyId,
        @Schema(description = "The app's format version of the plaintext.", required = true, minimum = "1")
        @NotNull @Min(1) @Max(1000) Integer formatVersion,
        @Schema(description = "The id of the device that wrote it.", required = true)
        @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "may contain only letters, digits and . _ : -")
        String deviceId,
        @Schema(description = "The device's platform; it must be the provider's (icloud: ios, google-drive: android).", required = true)
        @NotNull Platform platform,
        @Schema(description = "How many accounts the backup holds, as the device counts them; 0 marks an empty backup.")
        @Min(0) @Max(100000) Integer accountCount) {
}
