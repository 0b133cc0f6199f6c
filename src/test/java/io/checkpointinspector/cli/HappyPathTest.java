package io.checkpointinspector.cli;

import static io.checkpointinspector.cli.Cli.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.inspect.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real fixtures through the command line: JSON contract, tree, show. */
class HappyPathTest {

    /** The documented top-level keys of {@code inspect --format json} (README, model.Checkpoint). */
    static final List<String> DOCUMENTED_KEYS = List.of("schemaVersion", "source", "container", "criu", "sizes",
            "stats", "processes", "mounts", "rootfsDiff", "warnings");

    private static JsonNode expected;
    private static TreeSet<Integer> expectedPids;

    @BeforeAll
    static void truth() {
        expected = Fixtures.expected();
        expectedPids = new TreeSet<>();
        expected.path("processes").forEach(p -> expectedPids.add(p.path("pid").asInt()));
    }

    static List<String> fixtures() {
        return Fixtures.ALL;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void inspectJson(String fixture) throws Exception {
        Path path = Fixtures.path(fixture);
        Cli.Result r = Cli.run("inspect", "--format", "json", path.toString());
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.errLines()).allMatch(l -> l.startsWith("warning: "));
        JsonNode json = new ObjectMapper().readTree(r.out());
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertThat(keys).containsAll(DOCUMENTED_KEYS);
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.path("source").path("path").asText()).isEqualTo(path.toString());
        assertThat(json.path("container").path("name").asText()).isEqualTo(expected.path("containerName").asText());
        assertThat(json.path("container").path("id").asText()).isEqualTo(expected.path("containerId").asText());
        TreeSet<Integer> pids = new TreeSet<>();
        json.path("processes").forEach(p -> pids.add(p.path("pid").asInt()));
        assertThat(pids).isEqualTo(expectedPids);
        assertThat(json.path("warnings").isArray()).isTrue();
        assertThat(json.path("sizes").path("memoryPagesBytes").asLong()).isPositive();
        // warnings in JSON and on stderr are the same list
        assertThat(r.errLines()).hasSize(json.path("warnings").size());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void inspectTree(String fixture) {
        Path path = Fixtures.path(fixture);
        Cli.Result r = Cli.run("inspect", path.toString());
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out().lines().findFirst()).contains(expected.path("containerName").asText());
        for (int pid : expectedPids) {
            assertThat(r.out()).as("pid %d in the tree", pid).contains("[" + pid + "] ");
        }
        assertThat(r.out()).contains("Process tree (" + expectedPids.size() + ")").contains("Path: " + path);
        // the default format is the tree
        assertThat(Cli.run("inspect", "--format", "tree", path.toString()).out()).isEqualTo(r.out());
    }

    @Test
    void showPrintsOneRowPerArgument() {
        List<String> args = new ArrayList<>(List.of("show"));
        fixtures().forEach(f -> args.add(Fixtures.path(f).toString()));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertNoLeak(r);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1 + fixtures().size());
        assertThat(lines.get(0)).startsWith("CONTAINER").contains("PROCESSES");
        for (int i = 0; i < fixtures().size(); i++) {
            String row = lines.get(i + 1);
            assertThat(row).startsWith(expected.path("containerName").asText())
                    .endsWith(Fixtures.path(fixtures().get(i)).toString())
                    .contains(" " + expectedPids.size() + " ");
        }
    }

    @Test
    void unknownFormatIsAUsageError() {
        Cli.Result r = Cli.run("inspect", "--format", "yaml", Fixtures.path("podman-none.tar").toString());
        assertNoLeak(r);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("yaml");
    }
}
