package io.authcloud.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One catalogue: every problem type once, with one title and one status, and each one explained to clients. */
@Tag("unit")
class ProblemCatalogueTest {

    private static List<ProblemType> catalogue() throws IllegalAccessException {
        List<ProblemType> types = new ArrayList<>();
        for (Field field : ProblemType.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ProblemType.class) {
                types.add((ProblemType) field.get(null));
            }
        }
        return types;
    }

    @Test
    void everySlugIsDeclaredOnceWithATitleAndAnErrorStatus() throws IllegalAccessException {
        List<ProblemType> types = catalogue();
        assertThat(types).extracting(ProblemType::slug).doesNotHaveDuplicates().allMatch(slug -> slug.matches("[a-z-]+"));
        assertThat(types).allSatisfy(type -> {
            assertThat(type.title()).isNotBlank();
            assertThat(type.status()).isBetween(400, 599);
        });
    }

    @Test
    void everyDomainSlugIsExplainedInTheApiDocument() throws IOException, IllegalAccessException {
        String api = Files.readString(Path.of("../docs/api.md")) + Files.readString(Path.of("../docs/security.md"));
        for (ProblemType type : catalogue()) {
            if (type.status() < 500 && !List.of("method-not-allowed", "not-acceptable", "unsupported-media-type")
                    .contains(type.slug())) {
                assertThat(api).as(type.slug()).contains("`" + type.slug() + "`");
            }
        }
    }
}
