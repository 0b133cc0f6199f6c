package io.checkpointinspector.fuzz;

import static io.checkpointinspector.fuzz.FuzzSupport.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.archive.CheckpointSource;
import io.checkpointinspector.archive.CheckpointSources;
import io.checkpointinspector.archive.OpenOptions;
import io.checkpointinspector.cli.CliRender;
import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the whole inspector on raw archive bytes, starting from a one-process checkpoint cut out of the real
 * podman-none.tar (about 80 KB, see {@link FuzzSupport#reducedCheckpointFiles()}), plus its gzip and zstd forms.
 * Oracle: {@link CheckpointInspector#inspect} returns a model or throws {@link CheckpointFormatException} naming
 * the file; the model renders as JSON (with every documented key) and as a tree without any exception.
 */
class InspectorFuzzTest {

    static final List<String> JSON_KEYS = List.of("schemaVersion", "source", "container", "criu", "sizes", "stats",
            "processes", "mounts", "rootfsDiff", "warnings");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Arguments> seeds() throws IOException {
        byte[] tar = FuzzSupport.reducedCheckpointTar();
        return Stream.of(Arguments.of((Object) tar), Arguments.of((Object) ArchiveFuzzTest.gzip(tar)),
                Arguments.of((Object) ArchiveFuzzTest.zstd(tar)));
    }

    private final Path file = FuzzSupport.scratchDir().resolve("inspector-input");

    @MethodSource("seeds")
    @FuzzTest(maxDuration = FuzzSupport.MAX_DURATION)
    void inspectArchive(byte[] input) throws IOException {
        Files.write(file, input);
        inspectAndRender(file, ArchiveFuzzTest.OPTIONS);
    }

    /** The model for path, rendered both ways; null when the input was refused with CheckpointFormatException. */
    static Checkpoint inspectAndRender(Path file, OpenOptions options) throws IOException {
        Checkpoint c;
        try (CheckpointSource source = CheckpointSources.open(file, options)) {
            c = new CheckpointInspector().inspect(source, InspectListener.NONE);
        } catch (CheckpointFormatException e) {
            check(e.getMessage() != null && e.getMessage().startsWith(file + ": "),
                    "message does not name the source: %s", e.getMessage());
            return null;
        }
        check(c != null, "null model");
        String json = CliRender.json(c);
        JsonNode node = MAPPER.readTree(json);
        for (String key : JSON_KEYS) {
            check(node.has(key), "JSON lacks %s", key);
        }
        String tree = CliRender.tree(c);
        check(!tree.isEmpty(), "empty tree");
        for (String w : c.warnings()) {
            check(w != null, "null warning");
        }
        return c;
    }
}
