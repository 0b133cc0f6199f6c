package io.checkpointinspector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-walked JSON writer against Jackson's own view of the model, and run-to-run stability. */
class JsonOutputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static java.util.List<String> fixtures() {
        return Fixtures.ALL;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void sameContentAsDatabindInRecordOrder(String name) throws Exception {
        Checkpoint c = new CheckpointInspector().inspect(Fixtures.path(name), InspectListener.NONE);
        JsonNode ours = MAPPER.readTree(JsonOutput.write(c));
        // Both parsed from text, so that numbers compare by value rather than by node class (IntNode vs LongNode).
        JsonNode databind = MAPPER.readTree(MAPPER.writeValueAsString(c));
        assertThat(ours).isEqualTo(databind);
        assertThat(ours.fieldNames()).toIterable().containsExactly("schemaVersion", "source", "container", "criu",
                "sizes", "stats", "processes", "mounts", "rootfsDiff", "entries", "warnings", "imagesOutsideTree",
                "containerd", "chain", "parents");
    }

    /** Maps keep the order read from the checkpoint: two JVMs (each with its own hash seed) print the same bytes. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void identicalBytesFromTwoRuns(String name) throws Exception {
        Path file = Fixtures.path(name);
        Cli.Result first = Cli.runInChildJvm("256m", null, 60, "inspect", "--format", "json", file.toString());
        Cli.Result second = Cli.runInChildJvm("256m", null, 60, "inspect", "--format", "json", file.toString());
        assertThat(first.exit()).as("%s", first).isZero();
        assertThat(second.out()).isEqualTo(first.out());
    }
}
