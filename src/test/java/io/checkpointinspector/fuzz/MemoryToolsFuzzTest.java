package io.checkpointinspector.fuzz;

import static io.checkpointinspector.fuzz.FuzzSupport.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.checkpointinspector.archive.OpenOptions;
import io.checkpointinspector.inspect.CoreExport;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.inspect.MemoryAccess;
import io.checkpointinspector.inspect.MemoryFilter;
import io.checkpointinspector.inspect.SearchPattern;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the memory tools one entry at a time (inputs as in {@link CheckpointEntryFuzzTest}): for every process
 * of the model, a core file, a regex search and a strings listing. Oracle: each returns, or fails with an
 * IOException whose message names the source; a failed core file leaves nothing behind; a written one starts with
 * the ELF magic.
 */
class MemoryToolsFuzzTest {

    static Stream<Arguments> seeds() {
        return CheckpointEntryFuzzTest.seeds();
    }

    private final Path file = FuzzSupport.scratchDir().resolve("memory-tools-input");
    private final Path core = FuzzSupport.scratchDir().resolve("memory-tools.core");

    @MethodSource("seeds")
    @FuzzTest(maxDuration = FuzzSupport.MAX_DURATION)
    void memoryTools(byte[] input) throws IOException {
        byte[] archive = CheckpointEntryFuzzTest.archiveFor(input);
        if (archive == null) {
            return;
        }
        Files.write(file, archive);
        Checkpoint c = InspectorFuzzTest.inspectAndRender(file, OpenOptions.defaults());
        if (c == null) {
            return;
        }
        MemoryAccess memory = new MemoryAccess(file, c);
        try {
            memory.search(SearchPattern.regex("[A-Z_]{4,}=\\w+"), MemoryFilter.ALL, 100, InspectListener.NONE);
            memory.strings(MemoryFilter.ALL, 4, 100, InspectListener.NONE);
        } catch (IOException e) {
            check(e.getMessage() != null && e.getMessage().startsWith(file + ": "), "search message: %s",
                    e.getMessage());
        }
        for (ProcessInfo p : c.processes()) {
            Files.deleteIfExists(core);
            try {
                new CoreExport(file, c).write(p.pid(), core, false, InspectListener.NONE);
                byte[] head = Files.readAllBytes(core);
                check(head.length >= 64 && head[0] == 0x7f && head[1] == 'E' && head[16] == 4, "not an ELF core");
            } catch (IOException e) {
                check(e.getMessage() != null && e.getMessage().startsWith(file + ": "), "core message: %s",
                        e.getMessage());
                check(!Files.exists(core), "a failed core file was left behind");
            }
        }
        Files.deleteIfExists(core);
    }
}
