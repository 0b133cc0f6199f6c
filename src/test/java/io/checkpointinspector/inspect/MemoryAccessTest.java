package io.checkpointinspector.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.checkpointinspector.archive.CheckpointFormatException;
import io.checkpointinspector.criu.MemoryRead;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.model.ProcessInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Memory by address and search, against the real fixtures and checkpointctl's recorded memparse output. */
class MemoryAccessTest {

    static List<String> fixtures() {
        return Fixtures.ALL;
    }

    private static final String MARKER = Fixtures.expected().at("/worker/marker").asText("CKPT-INSPECTOR-MARKER");

    private static MemoryAccess access(String fixture) throws IOException {
        Path path = Fixtures.path(fixture);
        return new MemoryAccess(path, new CheckpointInspector().inspect(path, InspectListener.NONE));
    }

    private static int workerPid(String fixture) throws IOException {
        Checkpoint c = new CheckpointInspector().inspect(Fixtures.path(fixture), InspectListener.NONE);
        return c.processes().stream().filter(p -> "fixture-worker".equals(p.comm())).mapToInt(ProcessInfo::pid)
                .findFirst().orElseThrow();
    }

    /** The address checkpointctl memparse --search printed for record 7. */
    private static long checkpointctlAddress() throws IOException {
        String text = Files.readString(Fixtures.DIR.resolve("checkpointctl/memparse-search-podman-none.txt"));
        Matcher m = Pattern.compile("\\|\\s*([0-9a-f]{16})\\s*\\|\\s*" + MARKER + "-00000007").matcher(text);
        assertThat(m.find()).as("address in checkpointctl's output").isTrue();
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void findsRecordSevenWhereCheckpointctlDoes(String fixture) throws IOException {
        MemorySearchResult r = access(fixture).search((MARKER + "-00000007").getBytes(StandardCharsets.US_ASCII),
                OptionalInt.empty(), MemoryAccess.DEFAULT_MAX_HITS, InspectListener.NONE);
        assertThat(r.hits()).hasSize(1);
        MemoryHit hit = r.hits().get(0);
        assertThat(hit.pid()).isEqualTo(workerPid(fixture));
        assertThat(hit.process()).isEqualTo("fixture-worker");
        assertThat(hit.address()).isEqualTo(checkpointctlAddress());
        assertThat(hit.vmaLabel()).isNotNull();
        assertThat(hit.preview()).contains("MARKER-00000006." + MARKER + "-00000007." + MARKER + "-00000008.");
        assertThat(r.capped()).isFalse();
        assertThat(r.processes()).isEqualTo(5);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void findsEveryRecordOfTheWorkerThirtyOneBytesApart() throws IOException {
        int records = Fixtures.expected().at("/worker/completeRecords").asInt(33825);
        MemorySearchResult r = access("podman-none.tar").search((MARKER + "-").getBytes(StandardCharsets.US_ASCII),
                OptionalInt.empty(), 100_000, InspectListener.NONE);
        long first = checkpointctlAddress() - 7 * 31;
        List<Long> inWorker = r.hits().stream().filter(h -> "fixture-worker".equals(h.process()))
                .map(MemoryHit::address).toList();
        for (int k = 0; k < records; k += 997) {
            assertThat(inWorker).contains(first + 31L * k);
        }
        assertThat(inWorker.size()).isGreaterThanOrEqualTo(records);
        assertThat(r.capped()).isFalse();
    }

    @Test
    void capsTheHitsAndSaysSo() throws IOException {
        MemorySearchResult r = access("podman-zstd.tar.zst").search(MARKER.getBytes(StandardCharsets.US_ASCII),
                OptionalInt.empty(), 10, InspectListener.NONE);
        assertThat(r.hits()).hasSize(10);
        assertThat(r.capped()).isTrue();
    }

    @Test
    void searchesOnlyThePidAskedFor() throws IOException {
        MemorySearchResult r = access("podman-none.tar").search((MARKER + "-00000007").getBytes(
                StandardCharsets.US_ASCII), OptionalInt.of(1), 100, InspectListener.NONE);
        assertThat(r.hits()).isEmpty();
        assertThat(r.processes()).isEqualTo(1);
    }

    @Test
    void stopsWhenCancelled() {
        InspectListener cancelled = new InspectListener() {
            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        for (String fixture : List.of("podman-none.tar", "podman-zstd.tar.zst")) {
            assertThatThrownBy(() -> access(fixture).search(MARKER.getBytes(StandardCharsets.US_ASCII),
                    OptionalInt.empty(), 100, cancelled)).isInstanceOf(CancellationException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsTheWorkerBufferByVirtualAddress(String fixture) throws IOException {
        long first = checkpointctlAddress() - 7 * 31;
        MemoryRead read = access(fixture).read(workerPid(fixture), first, 62, InspectListener.NONE);
        assertThat(read.complete()).isTrue();
        assertThat(new String(read.data(), StandardCharsets.US_ASCII))
                .isEqualTo(MARKER + "-00000000\n" + MARKER + "-00000001\n");
    }

    @Test
    void unmappedMemoryReadsAsAGapNotAsBytes() throws IOException {
        MemoryRead read = access("podman-none.tar").read(1, 0x1000, 64, InspectListener.NONE);
        assertThat(read.gaps()).containsExactly(new MemoryRead.Gap(0x1000, 64, MemoryRead.Reason.NOT_DUMPED));
    }

    @Test
    void anUnknownPidNamesThePagemapItLacks() {
        for (String fixture : List.of("podman-none.tar", "podman-gzip.tar.gz")) {
            assertThatThrownBy(() -> access(fixture).read(999, 0x1000, 16, InspectListener.NONE))
                    .isInstanceOf(CheckpointFormatException.class)
                    .hasMessageContaining(fixture).hasMessageContaining("checkpoint/pagemap-999.img");
        }
    }
}
