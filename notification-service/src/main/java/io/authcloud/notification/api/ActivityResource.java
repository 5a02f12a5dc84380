package io.authcloud.notification.api;

import static io.authcloud.platform.openapi.ProblemResponsesFilter.PROBLEMS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.authcloud.notification.domain.activity.ActivityCursor;
import io.authcloud.notification.domain.activity.ActivityEntry;
import io.authcloud.notification.domain.activity.ActivityService;
import io.authcloud.platform.problem.ProblemException;
import io.authcloud.platform.problem.ProblemType;
import io.authcloud.platform.security.CurrentPerson;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's security activity: one timeline of what happened to their backups, recoveries, codes and phones. */
@Path("/v1/me/activity")
@RolesAllowed("user")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Activity")
public class ActivityResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** One entry: what happened ({@code kind}), when, on which device, and what the event allows to say of it. */
    @Schema(name = "ActivityEntry")
    public record EntryView(String id, String kind, Instant occurredAt, String deviceId,
            @Schema(description = "The kind's fields (docs/api.md): ids, places, methods, outcomes; never a code, key,"
                    + " token or address") JsonNode details) {
    }

    /** A page of the timeline, newest first; {@code next} is the cursor of the older page, null on the last. */
    @Schema(name = "ActivityPage")
    public record PageView(List<EntryView> items, String next) {
    }

    private final ActivityService activity;
    private final ObjectMapper objectMapper;
    private final CurrentPerson person;

    public ActivityResource(ActivityService activity, ObjectMapper objectMapper, CurrentPerson person) {
        this.activity = activity;
        this.objectMapper = objectMapper;
        this.person = person;
    }

    @GET
    @Operation(summary = "The caller's security activity", description = "Backups written, deleted and restored;"
            + " recoveries and their second factors; verifications and failed codes; credentials issued and revoked;"
            + " push sign-ins approved and denied; key releases. Newest first, a page at a time; an entry appears"
            + " within seconds of its event.")
    @APIResponse(responseCode = "200", description = "A page of entries",
            content = @Content(schema = @Schema(implementation = PageView.class)))
    @Extension(name = PROBLEMS, value = "invalid-request: limit is not a number from 1 to 100, or cursor is not a"
            + " cursor this endpoint gave")
    public Uni<PageView> list(
            @Parameter(description = "Entries per page, 1 to 100 (default 20)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
            @QueryParam("limit") String limit,
            @Parameter(description = "The next page: the value of the previous page's next")
            @QueryParam("cursor") String cursor) {
        int size = limit(limit);
        ActivityCursor before = cursor(cursor);
        return activity.page(person.sub(), size, before).map(page -> new PageView(
                page.entries().stream().map(this::view).toList(), page.next() == null ? null : page.next().encode()));
    }

    static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_LIMIT) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
        }
        return Integer.parseInt(text);
    }

    static ActivityCursor cursor(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ActivityCursor.decode(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST,
                    "cursor must be the next value of a page of your activity, unchanged.");
        }
    }

    private EntryView view(ActivityEntry entry) {
        try {
            return new EntryView(entry.id, entry.kind, entry.occurredAt, entry.deviceId, objectMapper.readTree(entry.details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("activity entry " + entry.id + " holds details that are not JSON", e);
        }
    }
}
