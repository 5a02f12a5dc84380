package io.authcloud.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The one package template of every service, as {@code docs/architecture.md} writes it: {@code api}
 * (resources and their records), {@code domain} (entities, rules and the services that own transactions;
 * a capability with several classes gets its own sub-package), {@code events} (published records, the
 * outbox writer, the {@code @Incoming} consumers), {@code clients} (outbound calls), {@code config}. A
 * service's test extends this class with its base package; it runs from the service's module directory.
 */
@Tag("unit")
public abstract class PackageTemplate {

    /** The template's packages, in the order the architecture page lists them. */
    public static final List<String> PACKAGES = List.of("api", "domain", "events", "clients", "config");
    /** The longest a source file may grow. */
    public static final int MAX_LINES = 400;

    private final Path root;
    private final List<Source> sources = new ArrayList<>();

    /** The main sources of the service whose base package is {@code basePackage}, e.g. {@code io.authcloud.backup}. */
    protected PackageTemplate(String basePackage) {
        root = Path.of("src/main/java", basePackage.split("\\."));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(new Source(root.relativize(file), Files.readAllLines(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every class sits in one of the template's packages. */
    @Test
    void everyClassIsInATemplatePackage() {
        assertThat(sources).allSatisfy(source -> assertThat(PACKAGES)
                .as("%s is outside the template's packages %s", source.path(), PACKAGES).contains(source.top()));
    }

    /** Resources in {@code api}, entities in {@code domain}, consumers in {@code events}, REST clients in {@code clients}, settings in {@code config}. */
    @Test
    void eachKindOfClassIsWhereTheTemplatePutsIt() {
        for (Source source : sources) {
            if (source.has("@RegisterRestClient")) {
                assertThat(source.top()).as("REST client %s", source.path()).isEqualTo("clients");
            } else if (source.has("@Path(")) {
                assertThat(source.top()).as("resource %s", source.path()).isEqualTo("api");
            }
            if (source.has("@Entity")) {
                assertThat(source.top()).as("entity %s", source.path()).isEqualTo("domain");
            }
            if (source.has("@Incoming(")) {
                assertThat(source.top()).as("consumer %s", source.path()).isEqualTo("events");
            }
            if (source.has("@ConfigMapping(")) {
                assertThat(source.top()).as("settings %s", source.path()).isEqualTo("config");
            }
        }
    }

    /** Resources parse, call one service method and map: no transaction, no query, no HTML. */
    @Test
    void resourcesAreThin() {
        Set<String> forbidden = Set.of("Panache.", "@WithTransaction", "@WithSession", ".find(\"", ".list(\"", ".count(\"",
                ".update(\"", ".delete(\"", "<html", "<p>");
        sources.stream().filter(source -> "api".equals(source.top())).forEach(source -> assertThat(forbidden)
                .as("resource %s", source.path()).noneMatch(source::has));
    }

    /** Queries compare with parameters (enums, constants), never with a status or kind spelled in the query. */
    @Test
    void queriesSpellNoValues() {
        Pattern literal = Pattern.compile("\"[^\"]*(=|<>| in) *\\(?'[^']*'");
        assertThat(sources).allSatisfy(source -> assertThat(source.lines())
                .as("query literals in %s", source.path()).noneMatch(line -> literal.matcher(line).find()));
    }

    /**
     * A public service method that reads or writes the database declares where its session or transaction
     * starts ({@code @WithSession}, {@code @WithTransaction}, or {@code Panache.withSession/withTransaction}
     * in its body); none silently needs its caller's.
     */
    @Test
    void serviceMethodsDeclareTheirTransactions() {
        Pattern method = Pattern.compile(
                "\n((?:    @[^\n]*\n)*)    public (?!record|enum|static final)(?:static )?[\\w<>?, .\\[\\]]+ (\\w+)\\([^)]*\\) \\{\n(.*?)\n    \\}\n",
                Pattern.DOTALL);
        Pattern database = Pattern.compile(
                "\\b(?!Arrays\\.|Stream\\.|List\\.|Map\\.|Set\\.|Optional\\.|Multi\\.|Uni\\.)[A-Z]\\w+\\.(?:<[\\w<>]+>)?(?:find|list|count|findById|update|delete|deleteById|stream)\\(|\\.persist\\(\\)|Panache\\.getSession");
        for (Source source : sources) {
            String text = String.join("\n", source.lines());
            if (!List.of("domain", "events").contains(source.top()) || text.contains("@Entity")) {
                continue;
            }
            Matcher found = method.matcher(text);
            while (found.find()) {
                boolean declared = found.group(1).contains("@WithTransaction") || found.group(1).contains("@WithSession")
                        || found.group(3).contains("Panache.with");
                assertThat(declared || !database.matcher(found.group(3)).find())
                        .as("%s.%s uses the database without declaring its session or transaction", source.path(), found.group(2))
                        .isTrue();
            }
        }
    }

    /** No source file over {@value #MAX_LINES} lines. */
    @Test
    void noFileIsTooLong() {
        assertThat(sources).allSatisfy(source -> assertThat(source.lines())
                .as("lines of %s", root.resolve(source.path())).hasSizeLessThanOrEqualTo(MAX_LINES));
    }

    /** The architecture page describes the template this class checks. */
    @Test
    void theArchitecturePageWritesTheTemplate() {
        try {
            String page = Files.readString(Path.of("../docs/architecture.md"));
            assertThat(PACKAGES).allSatisfy(name -> assertThat(page).contains("| `" + name + "/` |"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Source(Path path, List<String> lines) {

        String top() {
            return path.getNameCount() == 1 ? "" : path.getName(0).toString();
        }

        boolean has(String text) {
            return lines.stream().anyMatch(line -> !line.stripLeading().startsWith("*") && line.contains(text));
        }
    }
}
