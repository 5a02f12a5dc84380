package io.authcloud.recovery.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code DELETE /v1/me}: the phone that asks, on which the person then proves the erasure's second factor. */
@Schema(name = "ErasureRequest")
public record ErasureRequest(
        @Schema(description = "The phone that asks; the erasure's code is entered on it.", required = true)
        @NotNull(message = "is required: letters, digits and . _ : @ -, at most 200")
        @Pattern(regexp = Validation.IDENTIFIER, message = "is required: letters, digits and . _ : @ -, at most 200") String deviceId) {
}
