package io.authcloud.notification.clients.push;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Firebase Cloud Messaging HTTP v1: {@code POST /v1/projects/{project}/messages:send}. */
@RegisterRestClient(configKey = "fcm")
@Path("/v1/projects/{project}/messages:send")
public interface FcmClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Map<String, Object>> send(@PathParam("project") String project,
            @HeaderParam("Authorization") String authorization,
            Map<String, Object> body);
}
