package io.authcloud.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One catalogue: every problem type once, with one title and one status, and each one explained to clients. */
@Tag("unit")
class ProblemCatalogueTest {

    @Test
    void everySlugIsDeclaredOnceWithATitleAndAnErrorStatus() {
        List<ProblemType> types = ProblemType.all();
        assertThat(types).extracting(ProblemType::slug).doesNotHaveDuplicates().allMatch(slug -> slug.matches("[a-z-]+"));
        assertThat(types).allSatisfy(type -> {
            assertThat(type.title()).isNotBlank();
            assertThat(type.status()).isBetween(400, 599);
        });
    }

    @Test
    void everyDomainSlugIsExplainedInTheApiDocument() throws IOException {
        String api = Files.readString(Path.of("../docs/api.md")) + Files.readString(Path.of("../docs/security.md"));
        for (ProblemType type : ProblemType.all()) {
            if (type.status() < 500 && !List.of("method-not-allowed", "not-acceptable", "unsupported-media-type")
                    .contains(type.slug())) {
                assertThat(api).as(type.slug()).contains("`" + type.slug() + "`");
            }
        }
    }

    @Test
    void aTypeIsFoundBySlug() {
        assertThat(ProblemType.bySlug("recovery-closed")).contains(ProblemType.RECOVERY_CLOSED);
        assertThat(ProblemType.bySlug("no-such-slug")).isEmpty();
    }
}
