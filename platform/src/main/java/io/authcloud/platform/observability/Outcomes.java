package io.authcloud.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts what the product did, for the metrics that say whether it works (docs/operations.md, "Metrics"):
 * {@code authcloud_<name>_total} with a few tags, each of a handful of values. Never a person, an address, an
 * id or a code as a tag value.
 */
@ApplicationScoped
public class Outcomes {

    private final MeterRegistry registry;

    public Outcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one {@code name} (e.g. {@code verifications}) with tag pairs (e.g. {@code "outcome", "succeeded"}). */
    public void count(String name, String... tags) {
        registry.counter("authcloud." + name, tags).increment();
    }
}
