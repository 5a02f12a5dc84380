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

/** Apple's push API: {@code POST /3/device/{token}} with a provider token. */
@RegisterRestClient(configKey = "apns")
@Path("/3/device")
public interface ApnsClient {

    @POST
    @Path("/{deviceToken}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> send(@PathParam("deviceToken") String deviceToken,
            @HeaderParam("authorization") String authorization,
            @HeaderParam("apns-topic") String topic,
            @HeaderParam("apns-push-type") String pushType,
            @HeaderParam("apns-priority") String priority,
            Map<String, Object> body);
}
