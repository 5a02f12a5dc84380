package io.authcloud.platform.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every service's metrics share: the tag {@code application} (the service's name) on every series, and
 * latency buckets on HTTP requests, so an alert can compute a percentile across replicas
 * ({@code histogram_quantile} over {@code http_server_requests_seconds_bucket}). Buckets are few and fixed, to
 * keep the series count low.
 */
@Singleton
public class MeterSetup {

    /** The upper bounds of the HTTP latency buckets. */
    static final Duration[] LATENCY_BUCKETS = Stream.of(10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    @Produces
    @Singleton
    MeterFilter applicationTag(@ConfigProperty(name = "quarkus.application.name") String application) {
        return MeterFilter.commonTags(Tags.of("application", application));
    }

    @Produces
    @Singleton
    MeterFilter httpLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                double[] bounds = Stream.of(LATENCY_BUCKETS).mapToDouble(Duration::toNanos).toArray();
                return DistributionStatisticConfig.builder().serviceLevelObjectives(bounds).build().merge(config);
            }
        };
    }
}
