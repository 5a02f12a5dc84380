package io.authcloud.notification.clients.sms;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** A Twilio-compatible SMS API: {@code POST /2010-04-01/Accounts/{sid}/Messages.json} with basic auth. */
@RegisterRestClient(configKey = "sms-provider")
@Path("/2010-04-01/Accounts/{accountSid}/Messages.json")
public interface TwilioClient {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Map<String, Object>> send(@PathParam("accountSid") String accountSid,
            @HeaderParam("Authorization") String authorization,
            @FormParam("To") String to, @FormParam("From") String from, @FormParam("Body") String body);
}
