package io.authcloud.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class StrictJsonTest {

    record Body(String name, int count, boolean flag) {
    }

    private final ObjectMapper mapper = new StrictJson(new ObjectMapper()).getContext(Body.class);

    @Test
    void readsAWellFormedBody() throws Exception {
        assertThat(mapper.readValue("{\"name\":\"Ünïcødé 🔑\",\"count\":3,\"flag\":true}", Body.class))
                .isEqualTo(new Body("Ünïcødé 🔑", 3, true));
    }

    @Test
    void refusesValuesOfTheWrongTypeInsteadOfConvertingThem() {
        assertThatThrownBy(() -> mapper.readValue("{\"name\":12345}", Body.class)).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"name\":true}", Body.class)).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"count\":\"3\"}", Body.class)).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"count\":1.5}", Body.class)).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"flag\":\"true\"}", Body.class)).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"flag\":1}", Body.class)).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void refusesAnythingAfterTheBody() {
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\"}{}", Body.class)).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void refusesTextWithControlCharactersOrBrokenUnicodeWithoutRepeatingIt() {
        for (String json : new String[] {"\"a\\u0000b\"", "\"a\\nb\"", "\"a\\u001bb\"", "\"a\\ud800b\"", "\"\\udc00\""}) {
            assertThatThrownBy(() -> mapper.readValue("{\"name\":" + json + "}", Body.class))
                    .isInstanceOf(InvalidFormatException.class)
                    .hasMessageStartingWith(StrictJson.NOT_PLAIN);
        }
    }

    @Test
    void leavesTheApplicationsOwnMapperAsItWas() throws Exception {
        ObjectMapper application = new ObjectMapper();
        new StrictJson(application);
        assertThat(application.readValue("{\"name\":12345}", Body.class).name()).isEqualTo("12345");
    }
}
