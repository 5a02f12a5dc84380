package io.authcloud.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.authcloud.platform.accounts.AccountKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A value of the wrong type is answered with what the field expects, in plain words. */
@Tag("unit")
class FieldMessagesTest {

    @Test
    void eachTypeSaysWhatItExpects() {
        assertThat(ProblemExceptionMappers.describe(UUID.class)).startsWith("a UUID");
        assertThat(ProblemExceptionMappers.describe(Instant.class)).startsWith("a time in RFC 3339");
        assertThat(ProblemExceptionMappers.describe(Integer.class)).isEqualTo("a number");
        assertThat(ProblemExceptionMappers.describe(Boolean.class)).isEqualTo("true or false");
        assertThat(ProblemExceptionMappers.describe(List.class)).isEqualTo("a list");
        assertThat(ProblemExceptionMappers.describe(String.class)).isEqualTo("a string");
        assertThat(ProblemExceptionMappers.describe(AccountKind.class)).isEqualTo("one of personal, work, school");
    }
}
