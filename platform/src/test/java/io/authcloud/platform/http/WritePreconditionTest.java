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
    void aWellFormedTagThatNamesNoVersionMatchesNothing() {
        for (String tag : new String[] {"\"abc\"", "\"stale-0\"", "\"9999999999\"", "\"\"", "\"0\"", "\"a,b\""}) {
            WritePrecondition.Matches matches = (WritePrecondition.Matches) WritePrecondition.of(tag, null);
            assertThat(matches.any()).isFalse();
            assertThat(matches.versions()).as(tag).isEmpty();
        }
        WritePrecondition.Matches mixed = (WritePrecondition.Matches) WritePrecondition.of("\"x,1\", \"stale\",\"4\"", null);
        assertThat(mixed.versions()).containsExactly(4);
        WritePrecondition.Matches emptyElements = (WritePrecondition.Matches) WritePrecondition.of(", \"2\",,", null);
        assertThat(emptyElements.versions()).containsExactly(2);
    }

    @Test
    void aHeaderThatIsNotAListOfEntityTagsIsInvalid() {
        for (String header : new String[] {"3", "version-one", "\"1\" \"2\"", ",", "\"unclosed", "W/3", "\"a\"b\""}) {
            assertThatThrownBy(() -> WritePrecondition.of(header, null)).as(header)
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().getStatus()).isEqualTo(400));
        }
    }
}
