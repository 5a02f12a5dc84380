package io.authcloud.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the transactional outbox and its relay. */
@ConfigMapping(prefix = "authcloud.outbox")
public interface OutboxConfig {

    /** The CloudEvents {@code source} of every event this service emits, e.g. {@code /authcloud/backup-service}. */
    String source();

    /** Whether the scheduled relay runs; tests switch it off to drive {@link OutboxRelay#publishPending()} themselves. */
    @WithDefault("true")
    boolean relayEnabled();

    /** Put before every topic name: test suites publish to their own copies of the topics ({@code test.}). */
    Optional<String> topicPrefix();

    /**
     * How often the relay looks for pending events by itself. A request or consumer that wrote events wakes it
     * once done (OutboxWakeUp): the poll covers scheduled jobs and anything a wake-up missed.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** The most events one relay pass publishes. */
    @WithDefault("200")
    int batchSize();

    /** How long published events are kept for inspection before they are deleted. */
    @WithDefault("P7D")
    Duration retainPublished();
}
