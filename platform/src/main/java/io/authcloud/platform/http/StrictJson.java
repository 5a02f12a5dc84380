package io.authcloud.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;

/**
 * How every service reads a request's JSON body (the REST server only: events and other parties' answers are
 * read by the application's mapper as it is): a value of the wrong type is refused, not converted ({@code 12345} is
 * not the string {@code "12345"}, {@code "true"} is not {@code true}, {@code 1.5} is not an integer), nothing
 * may follow the body's one value, and no text breaks {@link PlainText}. Each refusal is a 400
 * {@code invalid-request} naming the field (ProblemExceptionMappers).
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class StrictJson implements ContextResolver<ObjectMapper> {

    /** The message of a text refused by {@link PlainText}; the problem's field error says it in words. */
    public static final String NOT_PLAIN = "contains a control character or broken Unicode";

    private final ObjectMapper strict;

    public StrictJson(ObjectMapper application) {
        this.strict = application.copy();
        harden(strict);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }

    static void harden(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("authcloud-plain-text").addDeserializer(String.class, new PlainTextDeserializer()));
    }

    /** Reads a string as Jackson does, then holds it to {@link PlainText}. */
    static final class PlainTextDeserializer extends StdScalarDeserializer<String> {

        PlainTextDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && !PlainText.isPlain(text)) {
                throw InvalidFormatException.from(parser, NOT_PLAIN, "(not shown)", String.class);
            }
            return text;
        }
    }
}
