package io.authcloud.platform.inbox;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** Which service owns (alone writes) each topic: the chassis's table, in microprofile-config.properties. */
@ConfigMapping(prefix = "authcloud.events")
public interface EventOriginsConfig {

    /** Topic name (without the test prefix) to the name of the service that writes it. */
    Map<String, String> topicOwners();
}
