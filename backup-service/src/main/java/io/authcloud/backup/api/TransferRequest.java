package io.authcloud.backup.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v1/backups/{provider}/{storageAccount}/transfers}. */
@Schema(name = "TransferRequest", description = "Where to copy the backup, and the phone that asks (it proves the second factor).")
public record TransferRequest(
        @Schema(description = "icloud or google-drive: the storage of the phone that will recover from the copy.", required = true)
        @NotNull @Pattern(regexp = "icloud|google-drive", message = "must be icloud or google-drive") String targetProvider,
        @Schema(description = "The storage account there.", required = true)
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._~-]{1,128}", message = "must be 1 to 128 URL-safe characters (letters, digits, - . _ ~)")
        String targetStorageAccount,
        @Schema(description = "The phone asking for the move; the transfer's code is entered on it.", required = true)
        @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:@-]+", message = "may contain only letters, digits and . _ : @ -")
        String deviceId) {
}
