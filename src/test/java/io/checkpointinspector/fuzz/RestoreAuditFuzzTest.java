package io.checkpointinspector.fuzz;

import static io.checkpointinspector.fuzz.FuzzSupport.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.checkpointinspector.helper.RefusedException;
import io.checkpointinspector.helper.RestoreAudit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the helper's check of an archive to restore (it runs as root on hostile input): the fuzz bytes are the
 * archive. Oracle: a report (findings with a field and words) or a refusal with a message; nothing else escapes.
 */
class RestoreAuditFuzzTest {

    static Stream<Arguments> seeds() {
        Map<String, byte[]> files = FuzzSupport.podmanNoneFiles();
        Map<String, byte[]> small = new LinkedHashMap<>();
        for (String name : List.of("config.dump", "spec.dump", "rootfs-diff.tar", "deleted.files")) {
            small.put(name, files.get(name));
        }
        return Stream.of(Arguments.of((Object) FuzzSupport.tar(small)),
                Arguments.of((Object) FuzzSupport.tar(Map.of("config.dump", "{\"id\":1,\"spec\":{}}".getBytes(),
                        "spec.dump", "{\"mounts\":[{}],\"linux\":{\"namespaces\":[1]}}".getBytes()))));
    }

    private final Path file = FuzzSupport.scratchDir().resolve("restore-audit-input");

    @MethodSource("seeds")
    @FuzzTest(maxDuration = FuzzSupport.MAX_DURATION)
    void audit(byte[] input) throws IOException {
        Files.write(file, input);
        try {
            RestoreAudit.Report r = RestoreAudit.audit(file, "fuzz", () -> false, ArchiveFuzzTest.OPTIONS);
            for (RestoreAudit.Finding f : r.findings()) {
                check(f.field() != null && !f.field().isEmpty() && f.what() != null && !f.what().isEmpty(),
                        "finding without field or words: %s", f);
            }
        } catch (RefusedException e) {
            check(e.getMessage() != null && !e.getMessage().isEmpty(), "refusal without a message");
        }
    }
}
