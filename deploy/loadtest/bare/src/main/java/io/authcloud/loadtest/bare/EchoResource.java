package io.authcloud.loadtest.bare;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The baseline endpoint: parses a small JSON object and answers it back, with nothing behind it (no
 * token, no database, no Redis). What a service's endpoint costs beyond this is the service's own work.
 */
@Path("/bare/echo")
public class EchoResource {

    /** About the size of a one-time code check: an id and a short code. */
    public record Echo(String id, String code) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Echo echo(Echo body) {
        return body;
    }
}
