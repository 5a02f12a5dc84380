package io.authcloud.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authcloud.platform.problem.ProblemException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WritePreconditionTest {

    @Test
    void noHeaderIsABlindWrite() {
        assertThat(WritePrecondition.of(null, null)).isInstanceOf(WritePrecondition.None.class);
    }

    @Test
    void ifNoneMatchStarCreatesOnly() {
        assertThat(WritePrecondition.of(null, " * ")).isInstanceOf(WritePrecondition.CreateOnly.class);
    }

    @Test
    void ifMatchAcceptsTheVersionsItNames() {
        WritePrecondition.Matches matches = (WritePrecondition.Matches) WritePrecondition.of("\"2\", \"3\"", null);
        assertThat(matches.accepts(3)).isTrue();
        assertThat(matches.accepts(4)).isFalse();
    }

    @Test
    void aWeakTagNeverMatchesAWrite() {
        WritePrecondition.Matches matches = (WritePrecondition.Matches) WritePrecondition.of("W/\"3\"", null);
        assertThat(matches.accepts(3)).isFalse();
    }

    @Test
    void bothHeadersAtOnceAreInvalid() {
        assertThatThrownBy(() -> WritePrecondition.of("\"1\"", "*"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().getStatus()).isEqualTo(400));
    }

    @Test
    void aTagThatIsNotAVersionIsInvalid() {
        assertThatThrownBy(() -> WritePrecondition.of("\"abc\"", null)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> WritePrecondition.of("\"9999999999\"", null)).isInstanceOf(ProblemException.class);
    }
}
