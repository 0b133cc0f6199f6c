package io.checkpointinspector.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.checkpointinspector.model.MemoryInfo;
import io.checkpointinspector.model.ProcessInfo;
import io.checkpointinspector.ui.common.PreviewText;
import io.checkpointinspector.ui.processes.ProcessText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The views' text forms without any window. */
class ViewTextTest {

    @Test
    void commandLinesAreQuotedLikeAShell() {
        ProcessInfo p = new ProcessInfo(1, 0, 1, 1, "sh", "alive", 0, List.of(), List.of("sh", "-c", "a b\nc", "x'y"),
                null, null, "/", "/", List.of(), List.of(), MemoryInfo.absent());
        assertThat(ProcessText.commandLine(p)).isEqualTo("sh -c $'a b\\nc' $'x\\'y'");
        ProcessInfo unknown = new ProcessInfo(2, 1, 1, 1, "kworker", "alive", 0, List.of(), null, null,
                "not recoverable: no pages", "/", "/", List.of(), List.of(), MemoryInfo.absent());
        assertThat(ProcessText.commandLine(unknown)).isEqualTo("[kworker]");
        assertThat(ProcessText.arguments(unknown)).isEqualTo("(not recoverable: no pages)");
        assertThat(io.checkpointinspector.text.Units.count(1, "process", "processes")).isEqualTo("1 process");
        assertThat(io.checkpointinspector.text.Units.count(2, "process", "processes")).isEqualTo("2 processes");
        assertThat(ProcessText.matches(p, "a b")).isTrue();
        assertThat(ProcessText.matches(p, "1")).isTrue();
        assertThat(ProcessText.matches(p, "zzz")).isFalse();
    }

    @Test
    void previewTellsTextFromBinary() {
        PreviewText text = PreviewText.of("héllo\nwörld\n".getBytes(StandardCharsets.UTF_8));
        assertThat(text.binary()).isFalse();
        assertThat(text.preferred()).isEqualTo("héllo\nwörld\n");
        byte[] cut = "ab€".getBytes(StandardCharsets.UTF_8);
        assertThat(PreviewText.of(java.util.Arrays.copyOf(cut, cut.length - 1)).binary()).as("cut character").isFalse();
        PreviewText bin = PreviewText.of(new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2});
        assertThat(bin.binary()).isTrue();
        assertThat(bin.preferred()).startsWith("00000000  7f 45 4c 46 00 01 02").contains("|.ELF...|");
    }
}
