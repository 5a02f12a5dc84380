package io.authcloud.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** What counts as a recent sign-in for the endpoints marked {@link RecentSignIn}. */
@ConfigMapping(prefix = "authcloud.step-up")
public interface StepUpConfig {

    /** How long ago the person may have entered their password ({@code auth_time}). */
    @WithDefault("PT5M")
    Duration maxAge();

    /**
     * Accepted authentication context classes ({@code acr}). Keycloak issues {@code 1} when the person
     * entered credentials in this sign-in and {@code 0} when a single-sign-on cookie signed them in silently.
     */
    @WithDefault("1")
    List<String> acrValues();
}
