package io.authcloud.notification.api;

import io.authcloud.notification.domain.account.PageGuard;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The account security page's answers tell the browser to run nothing and load nothing but the page's own
 * stylesheet (a strict Content-Security-Policy: no script at all, forms only to the page itself or to Keycloak for
 * a new sign-in, never in a frame), to keep no copy, and to name itself to no other site (a same-origin referrer
 * policy: its own forms still carry their Origin, which PageGuard checks).
 */
public class AccountPageHeaders {

    private final String policy;

    public AccountPageHeaders(PageGuard guard) {
        this.policy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' "
                + guard.identityProviderOrigin() + "; frame-ancestors 'none'; base-uri 'none'";
    }

    @ServerResponseFilter
    public void secure(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/account")) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", policy);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle("Cache-Control", "no-store");
    }
}
