package io.checkpointinspector.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.checkpointinspector.archive.OpenOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the inspector one entry at a time: the archive stays a valid tar (so mutations reach the CRIU decoders,
 * JSON side files, the rootfs-diff listing and argv recovery instead of dying on a tar checksum), and one entry of
 * the one-process checkpoint from {@link FuzzSupport#reducedCheckpointFiles()} gets the fuzz bytes as content.
 *
 * <p>Input: byte 0 picks the entry; byte 1 picks the form: bits 0-1 compression (none / gzip / zstd / none), bit 2
 * moves the entry to the end of the archive (pages before their pagemap: the two-pass path of streamed sources),
 * bit 3 drops the entry after it; the rest is the entry's new content. Oracle as in {@link InspectorFuzzTest}.
 */
public class CheckpointEntryFuzzTest {

    private static final Map<String, byte[]> BASE = FuzzSupport.reducedCheckpointFiles();
    private static final List<String> NAMES = new ArrayList<>(BASE.keySet());

    static Stream<Arguments> seeds() {
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            byte[] content = BASE.get(NAMES.get(i));
            byte[] input = new byte[content.length + 2];
            input[0] = (byte) i;
            input[1] = (byte) (i % 3 | (i % 5 == 0 ? 4 : 0));
            System.arraycopy(content, 0, input, 2, content.length);
            out.add(Arguments.of((Object) input));
        }
        return out.stream();
    }

    private final Path file = FuzzSupport.scratchDir().resolve("entry-input");

    @MethodSource("seeds")
    @FuzzTest(maxDuration = FuzzSupport.MAX_DURATION)
    void oneEntryReplaced(byte[] input) throws IOException {
        byte[] archive = archiveFor(input);
        if (archive == null) {
            return;
        }
        Files.write(file, archive);
        InspectorFuzzTest.inspectAndRender(file, OpenOptions.defaults());
    }

    /** The archive a fuzz input stands for (see the class comment); null for inputs under 2 bytes. */
    public static byte[] archiveFor(byte[] input) throws IOException {
        if (input.length < 2) {
            return null;
        }
        int pick = (input[0] & 0xff) % NAMES.size();
        int form = input[1] & 0xff;
        String name = NAMES.get(pick);
        byte[] content = Arrays.copyOfRange(input, 2, input.length);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            boolean dropped = (form & 8) != 0 && i == (pick + 1) % NAMES.size();
            if (i != pick && !dropped) {
                files.put(NAMES.get(i), BASE.get(NAMES.get(i)));
            } else if (i == pick && (form & 4) == 0) {
                files.put(name, content);
            }
        }
        if ((form & 4) != 0) {
            files.put(name, content);
        }
        byte[] tar = FuzzSupport.tar(files);
        return switch (form & 3) {
            case 1 -> ArchiveFuzzTest.gzip(tar);
            case 2 -> ArchiveFuzzTest.zstd(tar);
            default -> tar;
        };
    }
}
