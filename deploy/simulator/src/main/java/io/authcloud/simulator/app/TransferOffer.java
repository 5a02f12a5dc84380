package io.authcloud.simulator.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The way out a {@code backup-on-other-platform} refusal names: where the person's backup is, and the request
 * that moves it to the platform of the phone that was refused ({@code transfer: {method, href, targetProvider}}).
 */
public record TransferOffer(String provider, String storageAccount, String method, String href, String targetProvider) {

    /** The offer in a refusal; empty when the refusal is another one, or names no way out. */
    public static Optional<TransferOffer> of(ApiProblem problem) {
        JsonNode transfer = problem.body().path("transfer");
        if (!"backup-on-other-platform".equals(problem.type()) || !transfer.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new TransferOffer(problem.body().path("provider").asText(),
                problem.body().path("storageAccount").asText(), transfer.path("method").asText(),
                transfer.path("href").asText(), transfer.path("targetProvider").asText()));
    }

    /** Where the backup is, as the {@code transfer} command's {@code --from} takes it. */
    public String from() {
        return provider + "/" + storageAccount;
    }
}
