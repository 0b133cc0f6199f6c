package io.checkpointinspector.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.inspect.CheckpointInspector;
import io.checkpointinspector.inspect.Fixtures;
import io.checkpointinspector.inspect.InspectListener;
import io.checkpointinspector.model.Checkpoint;
import io.checkpointinspector.report.HtmlReport;
import io.checkpointinspector.report.ReportData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuzzers' seeds and findings (crafted checkpoints: parent loops, truncated images) that the engine reads at all
 * go through diff and the report without an exception, both ways round.
 */
class HostileDiffAndReportTest {

    static Stream<Path> inputs() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/io/checkpointinspector/fuzz"))) {
            return s.filter(Files::isRegularFile).toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void diffAndReportNeverFail(Path input) throws IOException {
        Checkpoint hostile;
        try {
            hostile = new CheckpointInspector().inspect(input, InspectListener.NONE);
        } catch (IOException unreadable) {
            return;   // a clear error for the whole input: nothing for diff or report to do
        }
        Checkpoint good = new CheckpointInspector().inspect(Fixtures.path("podman-zstd.tar.zst"), InspectListener.NONE);
        for (CheckpointDiff d : List.of(new CheckpointDiffer().diff(hostile, good),
                new CheckpointDiffer().diff(good, hostile), new CheckpointDiffer().diff(hostile, hostile))) {
            assertThat(new DiffText(false).render(d)).isNotEmpty();
        }
        assertThat(new CheckpointDiffer().diff(hostile, hostile).identical()).isTrue();
        String html = new HtmlReport(false).render(new ReportData(hostile, null, "test", "now", "test", List.of()));
        assertThat(html).endsWith("</html>\n").doesNotContain("<script");
    }
}
