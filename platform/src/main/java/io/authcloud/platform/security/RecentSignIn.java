package io.authcloud.platform.security;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that needs a recent interactive sign-in (RFC 9470 step-up): the token must carry an
 * {@code auth_time} within {@code authcloud.step-up.max-age} and an accepted {@code acr}. Otherwise the
 * answer is 401 with {@code WWW-Authenticate: Bearer error="insufficient_user_authentication"} and the
 * {@code acr_values} and {@code max_age} the app must ask the identity provider for.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RecentSignIn {
}
